from copy import copy

from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import FormView, ListView

from core.caching import kept_result
from core.http import private
from core.search import similar_items

from . import selectors, services
from .forms import IdeaForm, MatterForm, TrackingRequestForm


class CriteriaView(ListView):
    template_name = "ideas/criteria_list.html"
    context_object_name = "criteria"

    def get_queryset(self):
        return selectors.criteria_published_all()


class IdeaCreateView(View):
    """Step one asks what the matter is and which municipalities it concerns; step two is
    the idea form itself, with the region's criteria and those of the chosen municipalities."""

    template_name = "ideas/idea_form.html"

    def get(self, request):
        # "step" is sent by the question's own form, so Continue without a choice shows
        # the error instead of the same page again.
        answered = "matter" in request.GET or "step" in request.GET
        chosen = selectors.municipalities_chosen(slugs=request.GET.getlist("municipality"))
        if answered:
            matter = MatterForm(request.GET)
        else:
            # A municipality's page links here with ?municipality=<address name>.
            matter = MatterForm(initial={"municipality": [m.slug for m in chosen]})
        if matter.is_bound and matter.is_valid():
            chosen = list(matter.cleaned_data["municipality"])
            if matter.cleaned_data["matter"] == MatterForm.SERVICE:
                query = urlencode([("m", m.slug) for m in chosen])
                return redirect(reverse("core:business_pilot") + (f"?{query}" if query else ""))
            return self._render(request, IdeaForm(municipalities=chosen), chosen)
        return render(
            request,
            "ideas/idea_start.html",
            {"matter_form": matter, "criteria": selectors.criteria_published()},
        )

    def post(self, request):
        chosen = selectors.municipalities_chosen(slugs=request.POST.getlist("municipality"))
        form = IdeaForm(request.POST, municipalities=chosen)
        if not form.is_valid():
            return self._render(request, form, chosen, status=400)
        if request.POST.get("confirmed_similar") != "1":
            # Before filing, show what already exists, so the submitter can join it instead.
            similar = similar_items(
                text=form.cleaned_data["description"], title=form.cleaned_data["title"]
            )
            if similar:
                return self._render(request, form, chosen, similar=similar)
        submission = services.idea_submit(
            data=form.cleaned_data,
            focus_areas=form.cleaned_data["focus_areas"],
            language=get_language(),
            submission_key=form.cleaned_data["submission_key"],
            municipalities=form.cleaned_data["municipality"],
        )
        return redirect(reverse("ideas:track", kwargs={"token": submission.token}) + "?received=1")

    def _render(self, request, form, chosen, status=200, similar=None):
        context = {
            "form": form,
            "form_html": None if form.is_bound else empty_form_html(form, chosen),
            "municipalities": chosen,
            "change_url": reverse("ideas:create")
            + "?"
            + urlencode([("matter", MatterForm.IDEA), *(("municipality", m.slug) for m in chosen)]),
            "criteria": selectors.criteria_published(municipalities=chosen),
            "similar": similar or [],
            "confirmed_similar": request.POST.get("confirmed_similar") == "1",
        }
        return render(request, self.template_name, context, status=status)


def empty_form_html(form: IdeaForm, chosen) -> str:
    """The empty idea form as every visitor gets it, but for its submission key (the template
    draws that apart): crispy-forms renders it once per language, choice of municipalities and
    content generation (the focus areas offered, their names) and it is kept in the shared
    cache (core.caching.kept_result); a visitor's own CSRF token is outside it."""

    def draw() -> str:
        helper = copy(form.helper)
        helper.layout = Layout(*(f for f in form.helper.layout.fields if f != "submission_key"))
        return str(render_crispy_form(form, helper))

    key = f"{get_language()}:{','.join(sorted(m.slug for m in chosen))}"
    # The kept HTML is crispy-forms' own rendering of our form (escaped by its templates).
    return mark_safe(kept_result("idea_form", key, draw))  # noqa: S308  # nosec B308 B703


@require_GET
@never_cache
def idea_track(request, token: str):
    idea = services.tracking_link_resolve(token=token)
    if idea is None:
        raise Http404
    response = render(
        request,
        "ideas/idea_track.html",
        {
            "idea": idea,
            "timeline": selectors.idea_timeline(idea=idea),
            "received": request.GET.get("received") == "1",
        },
    )
    # The tracking page has no form, so it can refuse every referrer (a contract).
    return private(response, referrer_policy="no-referrer")


class TrackingRequestView(FormView):
    template_name = "ideas/tracking_request.html"
    form_class = TrackingRequestForm

    def form_valid(self, form):
        services.tracking_links_resend(email=form.cleaned_data["email"], language=get_language())
        messages.success(
            self.request,
            _(
                "If we have ideas from that address, we have sent a new tracking link to it. "
                "Check your inbox in a few minutes."
            ),
        )
        return redirect("ideas:tracking_request")
