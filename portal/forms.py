from django import forms

from core.filters import MunicipalityChoiceField


class SearchFilterForm(forms.Form):
    """What narrows a search besides its words: the municipality (its address name)."""

    municipality = MunicipalityChoiceField(
        widget=forms.Select(attrs={"class": "form-select", "id": "search-municipality"})
    )
