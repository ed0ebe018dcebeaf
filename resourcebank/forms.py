from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import FocusArea, Municipality
from ideas.models import Idea

from .consent import CONSENT_HELP, CONSENT_LABEL
from .models import Member, Scope, Sector
from .validators import organisation_number_normalise

NO_IDEA_FOUND = _(
    "We found no idea with this reference number submitted from your e-mail address. "
    "The reference number is in the receipt you got when you submitted the idea, e.g. 2026-00012."
)


class MemberForm(forms.ModelForm):
    """The profile and interests of a member; shared by joining, editing and CSV import."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.active(),
        empty_label=_("Choose a municipality"),
        help_text=_("Where your business is, or where you mainly work."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The themes you would like to work on."),
    )
    scope = forms.ChoiceField(
        label=_("How would you like to take part?"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
    )
    idea_reference = forms.CharField(
        label=_("Reference number of your idea"),
        required=False,
        max_length=20,
        help_text=_("Only if you want to work on an idea of your own that you have submitted."),
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "role",
            "company_name",
            "organisation_number",
            "email",
            "phone",
            "municipality",
            "sectors",
            "focus_areas",
            "scope",
        ]
        labels = {
            "name": _("Your name"),
            "role": _("Your role"),
            "company_name": _("Company"),
            "organisation_number": _("Organisation number (optional)"),
            "email": _("E-mail"),
            "phone": _("Phone (optional)"),
        }
        help_texts = {
            "role": _("For example managing director, owner or sustainability manager."),
            "email": _("We send the confirmation link here. It is never shown publicly."),
            "phone": _("Only the business unit sees it."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "organisation_number": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("name", "role", "company_name", "email"):
            if field in self.fields:
                self.fields[field].required = True
        if self.instance.pk and self.instance.idea_id and not self.is_bound:
            self.initial["idea_reference"] = self.instance.idea.reference
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = self.layout()

    def layout(self) -> Layout:
        return Layout(
            Fieldset(
                _("About you"),
                *[f for f in ("name", "role", "email", "phone") if f in self.fields],
            ),
            Fieldset(
                _("Your company"),
                "company_name",
                "organisation_number",
                "municipality",
                "sectors",
            ),
            Fieldset(_("Your interests"), "scope", "focus_areas", "idea_reference"),
        )

    def _email_for_idea(self) -> str:
        return self.cleaned_data.get("email") or self.instance.email or ""

    def clean_organisation_number(self):
        value = self.cleaned_data["organisation_number"].strip()
        return organisation_number_normalise(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        cleaned["idea"] = None
        if scope == Scope.FOCUS_AREAS and not cleaned.get("focus_areas"):
            self.add_error(
                "focus_areas",
                _("Choose the focus areas you want to be contacted about."),
            )
        reference = cleaned.get("idea_reference", "").strip()
        if scope == Scope.OWN_IDEA:
            if not reference:
                self.add_error(
                    "idea_reference", _("Give the reference number of the idea you submitted.")
                )
            elif self._email_for_idea():
                idea = Idea.objects.filter(
                    reference__iexact=reference, email__iexact=self._email_for_idea()
                ).first()
                if idea is None:
                    self.add_error("idea_reference", NO_IDEA_FOUND)
                cleaned["idea"] = idea
        return cleaned


class JoinForm(MemberForm):
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        help_text=CONSENT_HELP,
        error_messages={
            "required": _("Without your consent to be listed publicly you cannot join.")
        },
    )

    def layout(self) -> Layout:
        layout = super().layout()
        layout.append(Fieldset(_("Public listing"), "consent"))
        layout.append(Submit("submit", _("Join the resource bank"), css_class="btn-lg"))
        return layout


class ProfileForm(MemberForm):
    class Meta(MemberForm.Meta):
        fields = [f for f in MemberForm.Meta.fields if f != "email"]

    def layout(self) -> Layout:
        layout = super().layout()
        layout.append(Submit("submit", _("Save changes")))
        return layout


class ImportRowForm(MemberForm):
    """One CSV row, validated exactly as a registration is (without the consent box: imported
    members give their consent when they confirm)."""

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if (
            Member.objects.filter(email__iexact=email)
            .exclude(status=Member.Status.WITHDRAWN)
            .exists()
        ):
            raise ValidationError(_("This address is already in the resource bank."))
        return email


class SignInRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("The e-mail address you joined with"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma-separated, with a header row: name, role, company, "
            "organisation_number, email, phone, municipality, sectors, focus_areas, scope, "
            "idea_reference. Separate several sectors or focus areas with a semicolon."
        ),
    )
