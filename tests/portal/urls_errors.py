"""A URL configuration for the error-page tests: the site's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as site_urls


def boom(request):
    raise RuntimeError("a bug")


def database_gone(request):
    raise OperationalError("could not connect to server: Connection refused")


def refused(request):
    raise PermissionDenied("Only the Secretariat announces decisions.")


def refused_silently(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("tampered")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/database-gone/", database_gone),
    path("test-errors/refused/", refused),
    path("test-errors/refused-silently/", refused_silently),
    path("test-errors/suspicious/", suspicious),
    *site_urls,
]
