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
