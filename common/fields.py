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
