"""The public filter "of this municipality", the same on every list, feed and open-data page.

`?municipality=<address name>` (the municipality's slug, as in /m/<address name>/) names one
active municipality; a list then shows exactly the rows that belong to it by the one rule of
core.regions (`scope_q`): a row of several municipalities appears under each of them, a row of
the whole region (of none) under none. An unknown or inactive name is a value not understood:
the HTML lists leave the filter out and say so, feeds answer 404 and the API 400.

    class EntryFilter(django_filters.FilterSet):
        municipality = MunicipalityFilter()

    municipality = municipality_param(request.GET)  # None, a Municipality, or ValidationError
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import Municipality
from .regions import scope_q

PARAM = "municipality"


def municipalities_public() -> QuerySet[Municipality]:
    """The municipalities the public pages offer and accept: the active ones, in order."""
    return Municipality.objects.active()


class MunicipalityChoiceField(forms.ModelChoiceField):
    """One active municipality by its address name (slug)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", municipalities_public())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Municipality"))
        kwargs.setdefault("empty_label", _("All municipalities"))
        super().__init__(**kwargs)

    def to_python(self, value):
        # Only a well-formed address name reaches the database (no NUL bytes, no megabytes).
        if value not in self.empty_values and not _is_slug(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def _is_slug(value: str) -> bool:
    return 0 < len(value) <= Municipality._meta.get_field("slug").max_length and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in value
    )


class MunicipalityFilter(django_filters.ModelChoiceFilter):
    """A FilterSet's `municipality`: the rows of that municipality (`scope_q` on the model's
    `REGION_SCOPE`)."""

    field_class = MunicipalityChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", municipalities_public())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("label", _("Municipality"))
        kwargs.setdefault("empty_label", _("All municipalities"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return municipality_narrow(qs, value)


def municipality_narrow(queryset: QuerySet, municipality: Municipality | None) -> QuerySet:
    """`queryset` narrowed to the rows of `municipality` (None: left as it is)."""
    if municipality is None:
        return queryset
    return queryset.filter(scope_q(queryset.model, [municipality.pk]))


def municipality_param(params, name: str = PARAM) -> Municipality | None:
    """The municipality `?municipality=` names (None when it names none); ValidationError when
    the value is not the address name of an active municipality."""
    return MunicipalityChoiceField().clean(params.get(name))


def municipality_legacy_query(params: QueryDict, name: str = PARAM) -> QueryDict | None:
    """Links made when a filter took the municipality's number (`?municipality=3`): the same
    query with its address name instead, or None when there is nothing to translate."""
    value = params.get(name, "")
    if not value.isdecimal() or len(value) > 9:
        return None
    active = municipalities_public()
    if active.filter(slug=value).exists():
        return None
    slug = active.filter(pk=int(value)).values_list("slug", flat=True).first()
    if slug is None:
        return None
    query = params.copy()
    query[name] = slug
    return query


def municipality_chosen(filterset) -> Municipality | None:
    """The municipality a bound FilterSet was narrowed to, if its value was understood."""
    if not filterset.is_bound or PARAM in filterset.errors:
        return None
    return filterset.form.cleaned_data.get(PARAM)


def municipality_query(municipality: Municipality | None) -> str:
    """`?municipality=<address name>` for links to the same list elsewhere (feed, API)."""
    return f"?{urlencode({PARAM: municipality.slug})}" if municipality is not None else ""
