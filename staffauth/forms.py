from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


class SessionEndForm(forms.Form):
    """Which session to end; none means every session but this one."""

    session = forms.IntegerField(required=False, min_value=1)
