"""Form fields that refuse any value the database could not even look up.

Django's model choice fields pass a posted id straight to the query; a number past the
database's integer range then fails there (SQLite: OverflowError; PostgreSQL: out of range)
instead of being "not one of the choices". These fields say the latter.
"""

from django import forms
from django.core.exceptions import ValidationError

BIGINT_MAX = 2**63 - 1


def _out_of_range(value) -> bool:
    try:
        return abs(int(str(value).strip())) > BIGINT_MAX
    except ValueError:
        return False


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if _out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


# Line breaks (CR, LF, the Unicode line and paragraph separators) and other control characters.
_CONTROL = dict.fromkeys([*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029], " ")


def single_line(value: str) -> str:
    """One line of plain text: control characters become spaces, runs of spaces one space."""
    return " ".join(value.translate(_CONTROL).split())


class SingleLineField(forms.CharField):
    """A title, a name, a short note: one line. Whatever was pasted into it (a carriage return, a
    tab, a NUL) would otherwise reach plain-text mail as extra lines and headers as errors."""

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if isinstance(value, str) else value
