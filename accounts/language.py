"""The interface language: the one chosen in the profile is applied at login and remembered in the cookie.

Django's LocaleMiddleware reads the language cookie (the switcher on every page sets it, so an
anonymous visitor's choice is remembered too). A login or a change in the profile sets the
person's own language for the rest of the request and for the next ones.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

PENDING = "_portal_language_cookie"


def remember_language(request, language: str) -> None:
    """Use `language` from now on in this request and, through the cookie, in the next ones."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    setattr(request, PENDING, language)


@receiver(user_logged_in, dispatch_uid="accounts.apply_preferred_language")
def apply_preferred_language(sender, request, user, **kwargs):
    if request is not None and getattr(user, "preferred_language", ""):
        remember_language(request, user.preferred_language)


class LanguageCookieMiddleware:
    """Writes the cookie that `remember_language` asked for on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, PENDING, None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
