"""The form renderer: Django's own, with its smallest templates written in Python.

A form field with no errors still renders its error list through a template, which answers
"" (`{% if errors %}…{% endif %}`); the idea's change page in the admin drew 69 such empty
lists a request. Here an empty error list is "" without the template.

The admin's change pages draw two to three hundred templates a request, nine in ten of them
Django's leaf widget templates (an input, a select and its options, a textarea, a label and
their attributes), each a template pass of a few variables. Those are written here as Python
that gives the same characters, with the template language's rules: a value is escaped unless
it is marked safe, an attribute that is False is left out and one that is True is written
bare, and the result is stripped as the renderer strips it. Anything these functions were not
written for (a label or value that is not text, an option drawn by another template, a
template overridden by an app) goes through the template as before.
tests/core/test_rendering.py compares the two renderers' output, widget by widget and on whole
admin pages.
"""

import functools
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

# Django's error-list templates, each of which draws nothing for an empty list.
EMPTY_WITHOUT_ERRORS = frozenset(
    {
        "django/forms/errors/list/default.html",
        "django/forms/errors/list/ul.html",
        "django/forms/errors/list/text.txt",
        "django/forms/errors/dict/default.html",
        "django/forms/errors/dict/ul.html",
        "django/forms/errors/dict/text.txt",
    }
)

DJANGO_FORM_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"
OPTION = "django/forms/widgets/select_option.html"


class NotWritten(Exception):
    """What a quick drawing was not written for: the template draws it."""


def _text(value) -> str:
    """`{{ value }}` for text: escaped unless marked safe (numbers and dates, which the
    template would localise, are left to the template)."""
    if isinstance(value, str | Promise):
        return conditional_escape(value)
    raise NotWritten


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: str() of anything, escaped unless it was safe."""
    if isinstance(value, SafeData):
        return str(value)
    return escape(str(value))


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html and django/forms/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(" " + _text(name))
            if value is not True:
                parts.append('="' + _formatted(value) + '"')
    return "".join(parts)


def _input(context) -> str:
    widget = context["widget"]
    value = widget["value"]
    html = '<input type="' + _text(widget["type"]) + '" name="' + _text(widget["name"]) + '"'
    if value != None:  # noqa: E711 - the template's `!= None`, not `is not None`
        html += ' value="' + _formatted(value) + '"'
    return html + _attrs(widget["attrs"]) + ">"


def _option(option) -> str:
    return (
        '<option value="'
        + _formatted(option["value"])
        + '"'
        + _attrs(option["attrs"])
        + ">"
        + _text(option["label"])
        + "</option>"
    )


def _select(context) -> str:
    widget = context["widget"]
    parts = ['<select name="', _text(widget["name"]), '"', _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts += ['\n  <optgroup label="', _text(group_name), '">']
        for option in group_choices:
            if option["template_name"] != OPTION:
                raise NotWritten
            parts += ["\n  ", _option(option), "\n"]
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(context) -> str:
    widget = context["widget"]
    value = widget["value"]
    return (
        '<textarea name="'
        + _text(widget["name"])
        + '"'
        + _attrs(widget["attrs"])
        + ">\n"
        + (_text(value) if value else "")
        + "</textarea>"
    )


def _label(context) -> str:
    label = _text(context["label"])
    if not context["use_tag"]:
        return label
    tag = _text(context["tag"])
    return "<" + tag + _attrs(context["attrs"]) + ">" + label + "</" + tag + ">"


INPUTS = (
    "input",
    "text",
    "hidden",
    "email",
    "number",
    "url",
    "password",
    "checkbox",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "color",
    "file",
)
WRITTEN = {
    **{f"django/forms/widgets/{name}.html": _input for name in INPUTS},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/label.html": _label,
}
# What the written templates include, which must be Django's own too.
INCLUDED = (
    "django/forms/widgets/input.html",
    "django/forms/widgets/attrs.html",
    "django/forms/attrs.html",
    OPTION,
)


class QuickRenderer(DjangoTemplates):
    @functools.cached_property
    def written(self) -> dict:
        """The quick drawings whose templates are Django's own here (an app may override
        one: then the template draws it)."""

        def djangos(name):
            return Path(self.get_template(name).origin.name).is_relative_to(DJANGO_FORM_TEMPLATES)

        if not all(djangos(name) for name in INCLUDED):
            return {}
        return {name: write for name, write in WRITTEN.items() if djangos(name)}

    def render(self, template_name, context, request=None):
        if template_name in EMPTY_WITHOUT_ERRORS and not context.get("errors"):
            return ""
        write = self.written.get(template_name)
        if write is not None:
            try:
                return write(context).strip()
            except (NotWritten, KeyError, TypeError):
                pass
        return super().render(template_name, context, request)
