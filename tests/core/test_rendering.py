"""The form renderer (core.rendering.QuickRenderer) leaves out only what Django's renderer
draws as nothing: every form, field and error list renders to the same HTML and text."""

import contextlib
import datetime
import re

import pytest
from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.forms.renderers import DjangoTemplates
from django.test.signals import template_rendered
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.rendering import WRITTEN, QuickRenderer


@contextlib.contextmanager
def _templates_drawn():
    """The names of the templates drawn inside the block (the test runner signals each)."""
    names = []

    def drawn(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(drawn)
    try:
        yield names
    finally:
        template_rendered.disconnect(drawn)


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


# ---------------------------------------------------------------- the quick widget drawings

_FUSSY = 'Tom & "Jerry" <b>'


class _Widgets(forms.Form):
    text = forms.CharField(max_length=20, help_text="help", initial=_FUSSY)
    safe = forms.CharField(initial=mark_safe("<i>safe</i>"), required=False)
    blank = forms.CharField(required=False)
    number = forms.IntegerField(min_value=1, initial=12)
    decimal = forms.DecimalField(initial="3.5", localize=True)
    when = forms.DateField(initial=datetime.date(2026, 12, 4))
    at = forms.DateTimeField(initial=datetime.datetime(2026, 12, 4, 9, 30))
    address = forms.EmailField(initial="a@b.example")
    site = forms.URLField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="pw")
    hidden = forms.CharField(widget=forms.HiddenInput, initial=_FUSSY)
    agree = forms.BooleanField(initial=True)
    disagree = forms.BooleanField(required=False)
    story = forms.CharField(widget=forms.Textarea, initial=_FUSSY)
    empty_story = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(
        choices=[("a", _FUSSY), ("b", gettext_lazy("The whole region"))], initial="b"
    )
    grouped = forms.ChoiceField(
        choices=[("", "---"), (_FUSSY, [("x", "X"), ("y", "Y")]), ("Other", [("z", "Z")])]
    )
    numbered = forms.TypedChoiceField(choices=[(1, 1), (2, 2.5)], coerce=int, initial=1)
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    ternary = forms.NullBooleanField()
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("a", "A"), ("b", "B")])
    upload = forms.FileField(required=False)
    area = forms.CharField(
        widget=forms.TextInput(
            attrs={"data-on": True, "data-off": False, "data-none": None, "data-n": 3, "x": _FUSSY}
        )
    )
    filtered = forms.MultipleChoiceField(
        choices=[("1", "One"), ("2", _FUSSY)],
        widget=admin_widgets.FilteredSelectMultiple(_FUSSY, is_stacked=False),
    )
    date_admin = forms.DateField(widget=admin_widgets.AdminDateWidget)
    text_admin = forms.CharField(widget=admin_widgets.AdminTextInputWidget)


def _widget_drawings(form):
    yield from _drawings(form)
    for field in form:
        yield field.label_tag()
        yield field.label_tag(attrs={"class": "x", "data-on": True}, label_suffix="?")
        yield field.label_tag(contents=mark_safe("<em>safe</em>"))
        yield field.legend_tag()
        yield str(field.as_hidden())


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": _FUSSY,
            "number": "x",
            "many": ["a", "c"],
            "grouped": "y",
            "agree": "on",
            "story": "<script>",
            "kind": "a",
            "ternary": "true",
            "area": '"',
        },
    ],
)
def test_every_widget_drawing_is_djangos(data, language):
    with translation.override(language):
        quick = _Widgets(data, renderer=QuickRenderer(), auto_id="id_%s")
        django = _Widgets(data, renderer=DjangoTemplates(), auto_id="id_%s")
        assert list(_widget_drawings(quick)) == list(_widget_drawings(django))
        unlabelled = _Widgets(data, renderer=QuickRenderer(), auto_id=False)
        assert list(_widget_drawings(unlabelled)) == list(
            _widget_drawings(_Widgets(data, renderer=DjangoTemplates(), auto_id=False))
        )


def test_the_widgets_are_written_not_templated():
    renderer = QuickRenderer()
    assert set(renderer.written) == set(WRITTEN)
    form = _Widgets(renderer=renderer)
    with _templates_drawn() as drawn:
        str(form["text"]), str(form["kind"]), str(form["story"]), form["text"].label_tag()
    assert drawn == []
    with _templates_drawn() as drawn:
        str(form["radio"]), str(form["numbered"])  # not written: their templates draw them
    assert "django/forms/widgets/radio.html" in drawn
    assert "django/forms/widgets/select.html" in drawn


def test_a_template_an_app_overrides_is_drawn_by_it(tmp_path, monkeypatch):
    overridden = tmp_path / "django" / "forms" / "widgets"
    overridden.mkdir(parents=True)
    (overridden / "textarea.html").write_text("<p>{{ widget.name }}</p>")
    renderer = QuickRenderer()
    monkeypatch.setattr(
        renderer.engine.engine, "dirs", [str(tmp_path), *renderer.engine.engine.dirs]
    )
    renderer.engine.engine.template_loaders[0].reset()
    assert "django/forms/widgets/textarea.html" not in renderer.written
    assert "django/forms/widgets/text.html" in renderer.written
    assert str(_Widgets(renderer=renderer)["story"]) == "<p>story</p>"


def _page(client, url):
    """The page without what differs on every request (the CSRF token, the CSP nonce)."""
    html = client.get(url).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "sv"])
def test_whole_pages_are_djangos(admin_client, settings, language):
    from ..factories import MemberFactory, SectorFactory, accepted_idea, working_group

    idea = accepted_idea(title=_FUSSY, description=_FUSSY)
    group = working_group(ideas=[idea])
    member = MemberFactory(sectors=[SectorFactory()])
    admin_client.cookies["django_language"] = language
    urls = [
        f"/admin/ideas/idea/{idea.pk}/change/",
        "/admin/ideas/idea/add/",
        "/admin/ideas/idea/",
        f"/admin/workgroups/workinggroup/{group.pk}/change/",
        f"/admin/resourcebank/member/{member.pk}/change/",
        "/admin/resourcebank/member/",
        "/admin/auth/user/add/",
        "/ideas/new/",
        "/resource-bank/join/",
    ]
    drawn = {}
    for renderer in ["django.forms.renderers.DjangoTemplates", "core.rendering.QuickRenderer"]:
        settings.FORM_RENDERER = renderer
        # (the override gives back the language the pages' middleware switches to)
        with translation.override(language):
            drawn[renderer] = [_page(admin_client, url) for url in urls]
    quick, django = (
        drawn["core.rendering.QuickRenderer"],
        drawn["django.forms.renderers.DjangoTemplates"],
    )
    for url, mine, theirs in zip(urls, quick, django, strict=True):
        assert "<select" in mine or "<input" in mine, url
        assert mine == theirs, url
