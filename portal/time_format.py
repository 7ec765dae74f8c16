"""One way to show a date and time, everywhere: "30 November 2026, 06:24 EST".

Always in the active zone (the person's own, else the session's: accounts.middleware) and always
naming it, since delegates read New York deadlines from every continent. Registered as template
builtins (settings.TEMPLATES), so no template needs to load them.
"""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.dateformat import format as date_format
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def when(value) -> str:
    """A date and time in the active zone, with the zone's name; empty for no value."""
    if not isinstance(value, datetime.datetime):
        return "" if value in (None, "") else formats.date_format(value, "DATE_FORMAT")
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    pattern = formats.get_format("DATETIME_FORMAT")
    text = formats.date_format(value, "DATETIME_FORMAT")
    # Not every language's format names the zone (French: "j F Y H:i"); ours must.
    if "T" not in pattern.replace("\\T", "") and timezone.is_aware(value):
        text = f"{text} {date_format(value, 'T')}"
    return text


@register.filter
def time_left(deadline) -> str:
    """ "3 days, 4 hours left" before a deadline; "closed" after it."""
    if not isinstance(deadline, datetime.datetime):
        return ""
    if deadline <= timezone.now():
        return _("closed")
    return _("%(time)s left") % {"time": timeuntil(deadline, depth=2)}


@register.simple_tag
def current_zone() -> str:
    """The active zone, for the label of a date or time input: "New York time, EST"."""
    return zone_label()


def zone_label() -> str:
    name = timezone.get_current_timezone_name()
    place = name.rsplit("/", 1)[-1].replace("_", " ")
    abbreviation = date_format(timezone.localtime(), "T")
    return _("%(place)s time, %(abbreviation)s") % {"place": place, "abbreviation": abbreviation}


def with_zone(label) -> str:
    """A date or time input's label naming the zone its value is read in: "Received on (New York time, EST)"."""
    return f"{label} ({zone_label()})"
