"""The accessibility statement and the form to report a barrier (WCAG 2.1 AA, EN 301 549)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from . import services
from .forms import AccessibilityReportForm

REPORT_THANKS = gettext_lazy(
    "Thank you. Your report has been sent to the business unit, which will look into it."
)


def accessibility_statement(request):
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            try:
                services.accessibility_report_send(**form.cleaned_data, language=get_language())
            except services.NoRecipient:
                form.add_error(None, _("Reports cannot be sent right now. Please try again later."))
            else:
                messages.success(request, REPORT_THANKS)
                return redirect("core:accessibility")
        return render(request, "core/accessibility.html", {"form": form}, status=400)
    form = AccessibilityReportForm(initial={"page": request.GET.get("page", "")[:500]})
    return render(request, "core/accessibility.html", {"form": form})
