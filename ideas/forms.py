import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from core.models import FocusArea, Municipality

from .models import Idea
from .stages import NOTE_REQUIRED, Stage, legal_moves


class MunicipalityChoiceField(forms.ModelMultipleChoiceField):
    """The region's active municipalities, chosen by their address names (stable in links)."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Municipality.objects.active(),
            to_field_name="slug",
            required=False,
            **kwargs,
        )


class MatterForm(forms.Form):
    """The questions asked up front: is this an idea, or a service or authority matter? And
    which municipalities does it concern (none: the whole region)?"""

    IDEA = "idea"
    SERVICE = "service"
    matter = forms.ChoiceField(
        label=_("What would you like to bring to us?"),
        choices=[
            (
                IDEA,
                _(
                    "An idea or a question about collaboration between business and the "
                    "municipality"
                ),
            ),
            (
                SERVICE,
                _("A question about a permit, supervision or another service or authority matter"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    municipality = MunicipalityChoiceField(
        label=_("Which municipality does it concern?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose one or more, or none if it concerns the whole region. Their business unit "
            "takes it on, and their own criteria are added to the region's."
        ),
    )


class IdeaForm(forms.ModelForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # Chosen on the first step and carried along; the page says which, with a way back.
    municipality = MunicipalityChoiceField(widget=forms.MultipleHiddenInput)
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose the areas your idea concerns, if any."),
    )
    accepted_criteria = forms.BooleanField(
        label=_(
            "My idea aims at collaboration between business and the municipality, as the "
            "criteria describe."
        ),
        error_messages={"required": _("Please confirm that your idea meets the criteria.")},
    )
    acknowledged_no_guarantee = forms.BooleanField(
        label=_("I understand that an idea is not guaranteed to be taken further."),
        error_messages={"required": _("Please confirm that you have understood this.")},
    )

    class Meta:
        model = Idea
        fields = [
            "organisation_name",
            "organisation_type",
            "contact_name",
            "email",
            "phone",
            "title",
            "description",
            "collaboration_kind",
            "focus_areas",
            "wants_to_take_part",
            "accepted_criteria",
            "acknowledged_no_guarantee",
        ]
        labels = {
            "organisation_name": _("Name of your organisation"),
            "organisation_type": _("Type of organisation"),
            "contact_name": _("Contact person"),
            "email": _("E-mail"),
            "phone": _("Phone (optional)"),
            "title": _("Title of the idea"),
            "description": _("Describe the idea"),
            "collaboration_kind": _("What kind of collaboration do you seek?"),
            "wants_to_take_part": _("I would like to take part in the work myself"),
        }
        help_texts = {
            "email": _("We send your receipt and every update on your idea here."),
            "description": _(
                "What do you want to achieve, with whom, and why now? A few paragraphs are enough."
            ),
        }
        widgets = {
            "organisation_type": forms.RadioSelect,
            "collaboration_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
            self.initial["municipality"] = [m.slug for m in municipalities]
        # The region's focus areas and those of the municipalities the idea concerns.
        self.fields["focus_areas"].queryset = FocusArea.objects.active().for_municipalities(
            municipalities
        )
        self.fields["organisation_type"].choices = self.fields["organisation_type"].choices[1:]
        self.fields["collaboration_kind"].choices = self.fields["collaboration_kind"].choices[1:]
        self.fields["description"].min_length = 30
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "submission_key",
            "municipality",
            Fieldset(
                _("Who you are"),
                "organisation_name",
                "organisation_type",
                "contact_name",
                "email",
                "phone",
            ),
            Fieldset(
                _("Your idea"),
                "title",
                "description",
                "collaboration_kind",
                "focus_areas",
                "wants_to_take_part",
            ),
            Fieldset(_("Before you send"), "accepted_criteria", "acknowledged_no_guarantee"),
            Submit("submit", _("Send the idea"), css_class="btn-primary btn-lg"),
        )

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if len(description) < 30:
            raise forms.ValidationError(_("Please describe the idea in at least 30 characters."))
        return description


class TrackingRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("The e-mail address you submitted with"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MoveForm(forms.Form):
    """Staff move an idea; the choices are only the legal moves from where it stands."""

    to = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    # The stage the screener saw when the page was drawn; a move from anywhere else is stale.
    from_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sent to the submitter and shown on their tracking page. Required when "
            "declining: say why."
        ),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For staff only; never shown to the submitter."),
    )
    revive_on = forms.DateField(
        label=_("Revive on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When pausing: the date to look at the idea again."),
    )

    def __init__(self, *args, idea: Idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.idea = idea
        self.fields["from_stage"].initial = idea.stage
        self.legal = legal_moves(idea.stage)
        # Any stage is understood, so that a stale or forged choice gets a clear answer;
        # only the legal ones are offered.
        # A blank first choice: an empty form shows no stage as chosen beside its error.
        self.fields["to"].widget.choices = [
            *BLANK_CHOICE_DASH,
            *((s.value, s.label) for s in self.legal),
        ]

    def clean_to(self):
        to = self.cleaned_data["to"]
        if to not in self.legal and to != self.idea.stage:
            raise forms.ValidationError(
                _("An idea that is “%(now)s” cannot move to “%(to)s”.")
                % {"now": self.idea.get_stage_display(), "to": Stage(to).label}
            )
        return to

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to") in NOTE_REQUIRED and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the idea is declined; the submitter will see it."))
        if cleaned.get("revive_on") and cleaned.get("to") != Stage.PAUSED:
            self.add_error("revive_on", _("A revive date only applies when pausing."))
        return cleaned


class HandoverForm(forms.Form):
    """A coordinator hands an idea to another municipality's business unit."""

    to = forms.ModelChoiceField(
        label=_("Hand over to"),
        queryset=Municipality.objects.none(),
        empty_label=_("Choose a municipality"),
    )
    instead_of = forms.ModelChoiceField(
        label=_("In place of"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("The municipality handling it now"),
        help_text=_(
            "Which of the municipalities the idea concerns the new one replaces. The others "
            "keep sharing the idea."
        ),
    )
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, and what happens next. Sent with the e-mail saying who handles it now."),
    )

    def __init__(self, *args, idea: Idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Municipality.objects.active()
        self.fields["instead_of"].queryset = idea.municipalities.all()
