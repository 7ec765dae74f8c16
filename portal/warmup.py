"""Work a web process would otherwise do on its first requests, done when it starts.

Django loads lazily: the URL patterns and every view module on the first request, each template
when first rendered, each language's catalogues when first activated. A new gunicorn worker (at
start, and whenever one is replaced) made its first visitors wait for that, some 0.5 s of CPU per
worker. None of it touches the database, so it is safe before the fork of a preloaded server.
"""

import gc
import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

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


def warm_up() -> None:
    started = time.process_time()
    get_resolver().reverse_dict  # noqa: B018 (imports every view module and compiles the patterns)
    engine = engines["django"]
    for name in template_names():
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment meant for another engine
            continue
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Concept papers")
    # What is loaded now lives as long as the process: kept out of the garbage collector's way, its
    # collections no longer walk it on every request (an upload served: 47-49 → 44-45 ms of CPU).
    gc.collect()
    gc.freeze()
    logger.info("warmed up in %.0f ms of CPU", (time.process_time() - started) * 1000)
