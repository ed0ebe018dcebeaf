from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ideas.models import Idea
from ideas.stages import Stage
from knowledgebank.validators import document_file_validate

from .models import Cadence, Organisation, Participant


class GroupCreateForm(forms.Form):
    """Staff form a working group from one or more accepted ideas."""

    ideas = forms.ModelMultipleChoiceField(
        label=_("Ideas"),
        queryset=Idea.objects.filter(stage=Stage.ACCEPTED),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ideas accepted for matching. Related ideas can share one group."),
    )
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.CharField(
        label=_("Scope"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_result = forms.CharField(
        label=_("Expected result"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Planned end"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    cadence_days = forms.TypedChoiceField(
        label=_("Reporting cadence"), choices=Cadence.choices, coerce=int, initial=Cadence.MONTHLY
    )
    lead_name = forms.CharField(label=_("Lead"), max_length=200)
    lead_email = forms.EmailField(label=_("Lead's e-mail"))
    lead_language = forms.ChoiceField(label=_("Lead's language"), choices=())
    process_support = forms.ModelChoiceField(
        label=_("Process support"),
        queryset=get_user_model().objects.filter(is_staff=True, is_active=True),
    )
    is_public = forms.BooleanField(label=_("Show the group publicly on the portal"), required=False)

    def __init__(self, *args, ideas=None, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["lead_language"].choices = settings.LANGUAGES
        if ideas is not None:
            # Only ideas of the municipalities this person works for (core.regions).
            self.fields["ideas"].queryset = ideas.filter(stage=Stage.ACCEPTED)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The planned end cannot come before the start."))
        return cleaned


class InviteOutsiderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    affiliation = forms.CharField(
        label=_("Company or organisation"), max_length=200, required=False
    )
    side = forms.ChoiceField(label=_("Side"), choices=Participant.Side.choices)
    organisation = forms.ModelChoiceField(
        label=_("Municipal organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        help_text=_("For someone from the municipal side."),
    )
    role = forms.CharField(label=_("Role in the group"), max_length=120, initial=_("Member"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("side") == Participant.Side.MUNICIPAL and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose the municipal organisation they represent."))
        return cleaned


class ProgressReportForm(forms.Form):
    done = forms.CharField(
        label=_("What has the group done since the last report?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_steps = forms.CharField(
        label=_("What comes next?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    blockers = forms.CharField(
        label=_("Is anything in the way? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_public = forms.BooleanField(
        label=_("What the group has done may be shown on its public page"),
        required=False,
        initial=True,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class FinalReportForm(forms.Form):
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 4}))
    experiences = forms.CharField(label=_("Experiences"), widget=forms.Textarea(attrs={"rows": 4}))
    lessons = forms.CharField(
        label=_("Lessons for others"), widget=forms.Textarea(attrs={"rows": 4})
    )
    partners = forms.CharField(
        label=_("Partners who took part"), widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument text, PNG or JPEG."),
    )
    confirm = forms.BooleanField(
        label=_("The group judges its mission fulfilled; this closes the group."),
        error_messages={"required": _("Please confirm that the group has finished its work.")},
    )

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        for upload in files:
            document_file_validate(upload)
        return files
