"""A web process loads its URL patterns, templates and catalogues when it starts, not on a visitor's request."""

from django.template import engines
from django.utils import translation

from portal.warmup import template_names, warm_up


def test_every_template_of_the_project_compiles():
    names = list(template_names())
    assert "base.html" in names and "review/queue.html" in names
    engine = engines["django"]
    for name in names:
        engine.get_template(name)  # a syntax error in a page nobody opened yet fails here


def test_warming_up_leaves_the_language_as_it_was():
    with translation.override("fr"):
        warm_up()
        assert translation.get_language() == "fr"


def test_a_warmed_up_process_has_loaded_what_its_first_upload_sends_without_connecting():
    """The first upload a new worker serves sends two tasks: their modules, Celery's producer and the
    broker's transport are loaded when it starts (tens of ms otherwise), and no connection is opened
    (a broker that is down must not stop a web process from starting)."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    script = (
        "import json, sys, django; django.setup();"
        "from portal.warmup import warm_up; warm_up();"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('kombu', 'celery', 'indexing', 'notifications', 'packaging'))))"
    )
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings",
        CELERY_BROKER_URL="redis://127.0.0.1:9/0",  # nothing listens there: a connection would fail
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert {"kombu.transport.redis", "celery.app.amqp", "indexing.tasks", "notifications.tasks"} <= loaded
