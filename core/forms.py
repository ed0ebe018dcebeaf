from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibilityReportForm(forms.Form):
    """A visitor tells the business unit about a barrier on the portal."""

    description = forms.CharField(
        label=_("What did not work?"),
        help_text=_("Describe what you tried to do and what stopped you."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    page = forms.CharField(
        label=_("Page address (optional)"),
        help_text=_("The address of the page where the problem was, if you know it."),
        max_length=500,
        required=False,
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=160, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        help_text=_("Give it if you would like an answer or the content in another format."),
        required=False,
    )
