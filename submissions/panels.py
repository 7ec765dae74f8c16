"""Sections that apps above submissions add to the delegate's paper page.

The paper page belongs to submissions; the Chair's questions, the announced decision and the
publication belong to the review. The review registers a panel here, in its AppConfig.ready:
a template and a function that gives it what it shows, so that submissions never imports the
review (the import-linter contracts in .importlinter forbid it).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    # The template's name for what `value` returns; nothing is shown when it is falsy.
    name: str
    template: str
    # (user, submission) -> what the template shows.
    value: Callable[[object, object], object]


_panels: list[Panel] = []


def register(panel: Panel) -> Panel:
    if all(existing.name != panel.name for existing in _panels):
        _panels.append(panel)
    return panel


def render_panels(request, submission) -> list[SafeString]:
    """Each registered panel with something to show, rendered for this person and paper, in the order
    of registration. A panel whose value is falsy shows nothing, so its template is not rendered."""
    rendered = []
    for panel in _panels:
        value = panel.value(request.user, submission)
        if value:
            context = {"submission": submission, panel.name: value}
            rendered.append(SafeString(render_to_string(panel.template, context, request=request)))
    return rendered
