"""Caching headers of the public pages, files, feeds and API answers.

Every public answer depends on the set of published papers, which changes only when a
paper is published or unpublished: that instant is its Last-Modified, and with the
address, the reader's language and who reads it, its ETag. Both are computed before the
page (one small query), so a conditional request is answered 304 without rendering.

Pages carry the reader's CSRF token (the language switcher) and navigation, so they are
private to the browser; feeds, files and API answers are the same for everyone and may be
kept by shared caches, and by the portal itself: such an answer is kept under its ETag (and
host) until the published set changes, so a feed or an API page is made once per change.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

from . import selectors

PAGE_MAX_AGE = 60
SHARED_MAX_AGE = 300


def _last_modified(request, *args, **kwargs):
    if not hasattr(request, "_public_last_change"):
        request._public_last_change = selectors.last_change()
    return request._public_last_change


def version(request) -> str | None:
    """The version of everything public (the last change of the published set), read once per
    request: the key under which what is derived from the published set is kept."""
    changed = _last_modified(request)
    return changed.isoformat() if changed else None


def _key(request, *parts) -> str:
    changed = _last_modified(request)
    key = "|".join([changed.isoformat() if changed else "", request.get_full_path(), get_language() or "", *parts])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _page_etag(request, *args, **kwargs):
    # Anonymous readers only (see public()); the CSRF token of the language switcher needs
    # nothing more: the cached page came with the cookie it belongs to.
    return _key(request, "-")


def _shared_etag(request, *args, **kwargs):
    # Not a word about the person: the answer is the same for everyone (feeds, files, API).
    return _key(request, request.headers.get("Accept", "")[:40])


def _kept(view):
    """The view's answer, kept for the same address, language, Accept header and host until the
    published set changes: a shared answer is the same for everyone (files, streamed, are not kept,
    nor HTML, which may carry a token)."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        if _last_modified(request) is None or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = "publicsite:answer:" + _key(request, request.headers.get("Accept", "")[:40], request.get_host())
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)) and not response.is_rendered:
            response.render()  # a DRF answer is rendered here, once, rather than by the handler
        html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code == 200 and not response.streaming and not response.cookies and not html:
            cache.set(key, (response.content, list(response.headers.items())), selectors.DERIVED_SECONDS)
        return response

    return answer


def public(view=None, *, shared: bool = False):
    """Answer conditional requests for a public view and say how long its answer may be kept."""

    def decorate(view):
        etag = _shared_etag if shared else _page_etag
        conditional = condition(etag_func=etag, last_modified_func=_last_modified)(_kept(view) if shared else view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not shared and request.user.is_authenticated:
                # A person logged in also sees their delegation's own work, which changes
                # without any publication: always a fresh page.
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                patch_vary_headers(response, ["Cookie"])
                return response
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304):
                if shared:
                    patch_cache_control(response, public=True, max_age=SHARED_MAX_AGE)
                    patch_vary_headers(response, ["Accept", "Accept-Language"])
                else:
                    patch_cache_control(response, private=True, max_age=PAGE_MAX_AGE, must_revalidate=True)
                    patch_vary_headers(response, ["Cookie", "Accept-Language"])
            return response

        return wrapped

    return decorate(view) if view is not None else decorate
