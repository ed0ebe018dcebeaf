from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExportJob


class PeriodForm(forms.Form):
    """A period, both days included. Empty ends mean "no limit" unless the form requires them."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The period must end on or after the day it starts."))
        return data


class WhereForm(forms.Form):
    """Whose figures: the choices are the person's own (followup.selectors.followup_where
    offers them and decides what each one means)."""

    municipality = forms.ChoiceField(label=_("Figures for"), required=False)

    def __init__(self, *args, where=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = where.choices if where is not None else []
        if len(choices) > 1:
            self.fields["municipality"].choices = choices
        else:
            # One municipality, or none: nothing to choose.
            del self.fields["municipality"]


class ReportForm(WhereForm, PeriodForm):
    field_order = ["municipality", "start", "end"]


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


class ExportForm(PeriodForm):
    FORMATS = ExportJob.Format.choices

    export_format = forms.ChoiceField(
        label=_("Format"), choices=FORMATS, initial="xlsx", widget=forms.RadioSelect
    )
