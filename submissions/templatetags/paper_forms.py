"""`{{ form|form_fields }}` and `{{ form.field|form_field }}`: the paper forms without crispy's templates."""

from django import template

from submissions.form_markup import field_html, form_html

register = template.Library()

register.filter("form_fields", form_html)
register.filter("form_field", field_html)
