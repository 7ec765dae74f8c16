"""The name under which django-axes counts failed logins: one per person, however the address is typed.

The login matches the email address whatever its case (`iexact`), so the lockout must count every
spelling together: otherwise `Alice@Example.org`, `ALICE@example.org`… would each get their own five
tries, and a success typed one way would clear the lock counted under another.
"""

from django.conf import settings


def lockout_username(request, credentials=None) -> str:
    source = credentials if credentials else getattr(request, "POST", {}) if request is not None else {}
    raw = source.get(settings.AXES_USERNAME_FORM_FIELD) or ""
    return str(raw).strip().lower()
