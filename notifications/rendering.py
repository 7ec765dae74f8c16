"""Email text and HTML from templates, in the recipient's language, with links that work from outside."""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# A string every mail contains: if it is translated, the mail templates are.
SENTINEL = "OEWG concept-paper portal"


@functools.cache
def has_mail_translation(language: str) -> bool:
    """Whether the mail templates are translated into this language (else the mail is sent in English whole)."""
    if language == settings.LANGUAGE_CODE:
        return True
    with translation.override(language):
        return translation.gettext(SENTINEL) != SENTINEL


def language_for(user) -> str:
    """The person's preferred UN language where the mail is translated into it; else the portal's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    if language in codes and has_mail_translation(language):
        return language
    return settings.LANGUAGE_CODE


def render_email(template: str, context: dict, *, language: str) -> Rendered:
    """Render <template>.subject.txt, .txt and .html with translations of `language` active."""
    with translation.override(language):
        context = {
            **context,
            "site_url": settings.SITE_URL,
            "preferences_url": absolute(reverse("notifications:preferences")),
            "messages_url": absolute(reverse("notifications:messages")),
            "language_code": language,
            "language_bidi": translation.get_language_bidi(),
        }
        # A notice's template is named with its app's folder ("review/email/question_asked").
        base = template if "/" in template else f"notifications/email/{template}"
        subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
        # Template tags leave blank lines behind; a mail reads better with one between paragraphs.
        text = re.sub(r"\n{3,}", "\n\n", render_to_string(f"{base}.txt", context)).strip() + "\n"
        html = render_to_string(f"{base}.html", context)
    return Rendered(subject=subject[:300], text=text, html=html)
