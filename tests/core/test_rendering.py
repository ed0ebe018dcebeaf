"""The form renderer (core.rendering.QuickRenderer) leaves out only what Django's renderer
draws as nothing: every form, field and error list renders to the same HTML and text."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.rendering import QuickRenderer


class _Form(forms.Form):
    name = forms.CharField(max_length=5)
    email = forms.EmailField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    agree = forms.BooleanField()

    def clean(self):
        if self.cleaned_data.get("name") == "clash":
            raise forms.ValidationError("Name and e-mail clash.")
        return self.cleaned_data


def _drawings(form):
    yield form.render()
    yield form.as_p()
    yield form.as_ul()
    yield form.as_table()
    yield form.as_div()
    yield str(form.errors)
    yield form.errors.as_text()
    yield str(form.non_field_errors())
    yield form.non_field_errors().as_text()
    for field in form:
        yield str(field.errors)
        yield field.errors.as_text()
        yield field.errors.as_ul()
        yield str(field)


@pytest.mark.parametrize(
    "data",
    [
        None,  # unbound: no errors anywhere
        {"name": "ok", "email": "a@b.example", "kind": "a", "agree": "on"},  # valid
        {"name": "far too long", "email": "nope", "kind": "z"},  # errors on fields
        {"name": "clash", "email": "a@b.example", "kind": "a", "agree": "on"},  # form error
    ],
)
def test_every_drawing_is_djangos(data):
    quick = _Form(data, renderer=QuickRenderer())
    django = _Form(data, renderer=DjangoTemplates())
    assert list(_drawings(quick)) == list(_drawings(django))


def test_errors_are_still_drawn():
    form = _Form({"name": "far too long"}, renderer=QuickRenderer())
    assert 'class="errorlist"' in str(form["name"].errors)
    assert "* This field is required." in form["email"].errors.as_text()
