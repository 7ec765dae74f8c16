"""The paper forms' fields in Bootstrap 5 markup, written in Python.

crispy-forms renders each field through a dozen small templates, and Django each widget and
option through its own (about 210 template nodes for the new-paper form: most of that page's
time). These forms use a handful of widget kinds, so their markup is written here once, the same
as crispy's bootstrap5 pack gives it: the label with its required mark, the help text and the
errors tied to the input by aria-describedby, aria-invalid and is-invalid, check boxes in a
fieldset with a legend. Every value is escaped; help texts are ours and kept as written, as crispy
does.
"""

from html import escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.safestring import SafeString


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is True:
            out.append(f" {name}")
        elif value is not False and value is not None:
            out.append(f' {name}="{escape(str(value))}"')
    return "".join(out)


def _errors(field, tag: str) -> str:
    if not field.errors:
        return ""
    items = "".join(
        f'<{tag} id="error_{n}_{field.auto_id}"><strong>{escape(str(error))}</strong></{tag}>'
        for n, error in enumerate(field.errors, 1)
    )
    return f'<div id="{field.auto_id}_error" class="invalid-feedback">{items}</div>'


def _help(field) -> str:
    if not field.help_text:
        return ""
    return f'<div id="{field.auto_id}_helptext" class="form-text">{field.help_text}</div>'


def _label(field, tag: str = "label") -> str:
    required = field.field.required
    target = f' for="{field.id_for_label}"' if tag == "label" and field.id_for_label else ""
    classes = "form-label" + (" requiredField" if required else "") + (" fs-6" if tag == "legend" else "")
    mark = '<span class="asteriskField">*</span>' if required else ""
    return f'<{tag}{target} class="{classes}">{escape(str(field.label))}{mark}</{tag}>'


def _choices(field) -> list[tuple[str, str]]:
    """(value, label) of each option, a model field's read with one ordinary query."""
    form_field = field.field
    if isinstance(form_field.choices, ModelChoiceIterator):  # not given by the form: read them
        options = [
            (str(form_field.prepare_value(obj)), form_field.label_from_instance(obj)) for obj in form_field.queryset
        ]
        if form_field.empty_label is not None and not isinstance(form_field, forms.ModelMultipleChoiceField):
            options.insert(0, ("", form_field.empty_label))
        return options
    return [(str(value), label) for value, label in form_field.choices]


def _chosen(field) -> set[str]:
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    return {str(v) for v in values if v is not None}


def _widget_attrs(field, extra_class: str, *, required: bool = True) -> dict:
    """The input's attributes as Django's BoundField.build_widget_attrs gives them, with crispy's classes.

    `required` says whether the widget may carry the attribute at all (a select only when its first
    option is empty, as Django decides; asked here of the options already read, not by a query).
    """
    widget = field.field.widget
    attrs = dict(widget.attrs)
    kind = type(widget).__name__.lower()
    attrs["class"] = " ".join(
        c for c in (attrs.get("class", ""), kind, extra_class, "is-invalid" if field.errors else "") if c
    )
    if required and field.field.required and field.form.use_required_attribute:
        attrs["required"] = True
    if field.field.disabled:
        attrs["disabled"] = True
    if field.errors:
        attrs["aria-invalid"] = "true"
    if not attrs.get("aria-describedby") and (described := field.aria_describedby):
        attrs["aria-describedby"] = described
    if field.auto_id:
        attrs.setdefault("id", field.auto_id)
    return attrs


def _options(field, choices) -> str:
    chosen = _chosen(field)
    return "".join(
        f'<option value="{escape(value)}"{" selected" if value in chosen else ""}>{escape(str(label))}</option>'
        for value, label in choices
    )


def _check_boxes(field) -> str:
    chosen = _chosen(field)
    invalid = " is-invalid" if field.errors else ""
    aria = ' aria-invalid="true"' if field.errors else ""
    choices = _choices(field)
    boxes = []
    for n, (value, label) in enumerate(choices):
        box_id = f"{field.auto_id}_{n}"
        checked = " checked" if value in chosen else ""
        errors = _errors(field, "p") if n == len(choices) - 1 else ""
        boxes.append(
            f'<div class="form-check"><input type="checkbox" class="form-check-input{invalid}" '
            f'name="{field.html_name}" value="{escape(value)}" id="{box_id}"{checked}{aria}> '
            f'<label for="{box_id}" class="form-check-label">{escape(str(label))}</label>{errors}</div>'
        )
    described = field.aria_describedby
    described = f' aria-describedby="{described}"' if described else ""
    return f"<fieldset{described}>{_label(field, 'legend')}<div>{''.join(boxes)}</div>{_help(field)}</fieldset>"


def field_html(field) -> SafeString:
    """One bound field, wrapped and labelled as crispy's bootstrap5 field.html does."""
    widget = field.field.widget
    if widget.is_hidden:
        value = widget.format_value(field.value())
        value = "" if value is None else f' value="{escape(str(value))}"'
        return SafeString(f'<input type="hidden" name="{field.html_name}"{value} id="{field.auto_id}">')
    wrapper = f'<div id="div_{field.auto_id}" class="mb-3">'
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return SafeString(f"{wrapper}{_check_boxes(field)}</div>")
    if isinstance(widget, forms.FileInput):
        attrs = _widget_attrs(field, "", required=widget.use_required_attribute(field.initial))
        attrs["class"] = "form-control" + (" is-invalid" if field.errors else "")
        invalid = ' class="is-invalid"' if field.errors else ""
        control = (
            f'<div{invalid}><input type="file" name="{field.html_name}"{_attrs(attrs)}>'
            f"{_errors(field, 'span')}{_help(field)}</div>"
        )
        return SafeString(f"{wrapper}{_label(field)} {control}</div>")
    if isinstance(widget, forms.Select):  # SelectMultiple too
        choices = _choices(field)
        multiple = widget.allow_multiple_selected
        may_require = multiple or bool(choices and choices[0][0] == "")
        attrs = _widget_attrs(field, "form-select", required=may_require)
        control = (
            f'<select name="{field.html_name}"{_attrs(attrs)}{" multiple" if multiple else ""}>'
            f"{_options(field, choices)}</select>"
        )
    elif isinstance(widget, forms.Textarea):
        attrs = _widget_attrs(field, "form-control")
        text = widget.format_value(field.value())
        text = escape(str(text)) if text else ""
        control = f'<textarea name="{field.html_name}"{_attrs(attrs)}>\n{text}</textarea>'
    elif isinstance(widget, forms.widgets.Input):
        attrs = _widget_attrs(field, "form-control")
        value = widget.format_value(field.value())
        shown = f' value="{escape(str(value))}"' if value is not None else ""
        control = f'<input type="{widget.input_type}" name="{field.html_name}"{shown}{_attrs(attrs)}>'
    else:  # a widget this module does not know: Django draws it
        control = str(field.as_widget())
    return SafeString(f"{wrapper}{_label(field)} {control}{_errors(field, 'span')}{_help(field)}</div>")


def form_html(form) -> SafeString:
    """Every field of a form in order, hidden ones included, as `{% crispy form %}` lays it out."""
    return SafeString("".join(field_html(field) for field in form))
