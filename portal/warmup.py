"""Work a web process would otherwise do on its first requests, done when it starts.

Django loads lazily: the URL patterns and every view module on the first request, each template
when first rendered, the context processors on the first page, each language's catalogues when
first activated and its date formats when first written. Celery too: its tasks' modules, its
producer's machinery and the broker's transport (kombu.transport.redis, which compiles regular
expressions as it loads) on the first message sent. A new gunicorn worker (at start, and whenever
one is replaced) made its first visitors wait for that, some 0.5 s of CPU per worker, and its first
uploads some 60 ms more. None of it touches the database or the broker, so it is safe before the
fork of a preloaded server.
"""

import gc
import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import formats, translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def template_names():
    """Every template of the project and of its own apps (not those of installed libraries)."""
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and ".venv" not in Path(config.path).parts
    ]
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix in {".html", ".txt", ".xml"}:
                    yield path.relative_to(folder).as_posix()


def warm_up_celery() -> None:
    """Load what sending the first task would: no connection is opened (kombu connects on first use)."""
    from celery import current_app
    from kombu import Connection

    app = current_app._get_current_object()
    app.loader.import_default_modules()  # the apps' tasks modules (autodiscovery)
    app.finalize(auto=True)
    app.amqp.router  # noqa: B018 (celery.app.amqp, its queues and routes)
    app.events  # noqa: B018
    Connection(app.conf.broker_url).get_transport_cls()  # imports the transport's module
    import celery.backends.base  # the result machinery, imported by send_task
    import celery.events.dispatcher  # noqa: F401


def warm_up() -> None:
    started = time.process_time()
    get_resolver().reverse_dict  # noqa: B018 (imports every view module and compiles the patterns)
    engine = engines["django"]
    for name in template_names():
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment meant for another engine
            continue
    engine.engine.template_context_processors  # noqa: B018 (imports them)
    import_string(settings.MESSAGE_STORAGE)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Concept papers")
            formats.get_format("DATE_FORMAT")
    warm_up_celery()
    # What is loaded now lives as long as the process: kept out of the garbage collector's way, its
    # collections no longer walk it on every request (an upload served: 47-49 → 44-45 ms of CPU).
    gc.collect()
    gc.freeze()
    logger.info("warmed up in %.0f ms of CPU", (time.process_time() - started) * 1000)
