"""Error pages in the site's layout, each with a sentence of why and a way onwards.

The 500 and 503 pages are rendered without the request: the request's user and session live in
the database, and these pages must still render when the database is what failed.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import Resolver404

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)


def _render(request, template: str, status: int, context: dict | None = None) -> HttpResponse:
    return HttpResponse(loader.render_to_string(template, context or {}, request=request), status=status)


def _static(template: str, status: int) -> HttpResponse:
    """Render with no request: no context processor runs, so neither the session nor the database is read."""
    response = HttpResponse(loader.render_to_string(template, {"static_page": True}), status=status)
    if status == 503:
        response["Retry-After"] = "120"
    return response


def bad_request(request, exception=None):
    return _static("400.html", 400)


def permission_denied(request, exception=None):
    # A PermissionDenied raised with a message ("Only the Secretariat announces decisions") says why.
    reason = str(exception) if exception is not None and exception.args and str(exception) else ""
    return _render(request, "403.html", 403, {"reason": reason})


def page_not_found(request, exception=None):
    return _render(request, "404.html", 404, {"reason": _not_found_reason(exception)})


def _not_found_reason(exception) -> str:
    """Our own Http404 messages are written for people; Django's generic ones are not."""
    if exception is None or isinstance(exception, Resolver404) or not exception.args:
        return ""
    message = exception.args[0]
    if not isinstance(message, str) or "matches the given query" in message:
        return ""
    return message


def server_error(request):
    # Django calls this inside its `except`, so the exception being handled is still at hand.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        return _static("503.html", 503)
    return _static("500.html", 500)


def csrf_failure(request, reason=""):
    return _render(request, "403_csrf.html", 403)


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached answers 503 'try again in a moment', not a bare 500.

    Exceptions raised in the view reach process_exception; those raised while another middleware reads
    the session or the user reach server_error above, which makes the same choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            logger.error("Database unavailable: %s", exception, exc_info=exception)
            return _static("503.html", 503)
        return None
