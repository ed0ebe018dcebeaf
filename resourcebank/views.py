import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, TemplateView

from core.filters import municipality_legacy_query
from core.http import private
from core.tokens import absolute_url

from . import selectors, services
from .forms import JoinForm, ProfileForm, SignInRequestForm
from .models import MemberLink

PAGE_SIZE = 24


class MemberJoinView(View):
    template_name = "resourcebank/member_join.html"

    def get(self, request):
        return render(request, self.template_name, {"form": JoinForm()})

    def post(self, request):
        form = JoinForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        services.member_join(
            data=form.cleaned_data,
            sectors=form.cleaned_data["sectors"],
            focus_areas=form.cleaned_data["focus_areas"],
            language=get_language(),
        )
        return redirect("resourcebank:join_sent")


class JoinSentView(TemplateView):
    template_name = "resourcebank/member_join_sent.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "days": settings.MEETREGION_MEMBER_CONFIRM_DAYS,
        }


class _LinkView(View):
    """A private link from an e-mail: GET shows a button, POST uses the link.

    Mail scanners that open links must not use up a single-use link or confirm on the
    person's behalf, so nothing happens until the person presses the button.
    """

    purpose = ""
    template_name = ""

    def get(self, request, token):
        link = services.member_link_peek(token=token, purpose=self.purpose)
        status = 200 if link else 404
        return private(render(request, self.template_name, {"link": link}, status=status))


class MemberConfirmView(_LinkView):
    purpose = MemberLink.Purpose.CONFIRM
    template_name = "resourcebank/member_confirm.html"

    def post(self, request, token):
        member = services.member_confirm(token=token)
        if member is None:
            return private(render(request, self.template_name, {"link": None}, status=404))
        return private(render(request, "resourcebank/member_confirmed.html", {"member": member}))


class SignInLinkView(_LinkView):
    purpose = MemberLink.Purpose.SIGN_IN
    template_name = "resourcebank/sign_in_link.html"

    def post(self, request, token):
        member = services.member_sign_in(token=token)
        if member is None:
            return private(render(request, self.template_name, {"link": None}, status=404))
        # A fresh session key, so a session id planted before sign-in is worth nothing.
        request.session.cycle_key()
        request.session[selectors.SESSION_KEY] = {
            "id": member.pk,
            "at": timezone.now().isoformat(),
        }
        messages.success(request, _("You are signed in."))
        return redirect("resourcebank:me")


class SignInRequestView(FormView):
    template_name = "resourcebank/sign_in_request.html"
    form_class = SignInRequestForm

    def form_valid(self, form):
        services.member_sign_in_request(email=form.cleaned_data["email"], language=get_language())
        messages.success(
            self.request,
            _(
                "If that address belongs to a member of the resource bank, we have sent a "
                "sign-in link to it. Check your inbox in a few minutes."
            ),
        )
        return redirect("resourcebank:sign_in")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@require_GET
def directory(request):
    legacy = municipality_legacy_query(request.GET)
    if legacy is not None:
        return redirect(f"{request.path}?{legacy.urlencode()}", permanent=True)
    member_filter = selectors.members_directory(params=request.GET)
    paginator = Paginator(member_filter.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "resourcebank/member_list.html",
        {
            "filter": member_filter,
            "page_obj": page,
            "members": page.object_list,
            "query": query.urlencode(),
            "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


def _public_member(public_id):
    member = selectors.member_public_get(public_id=public_id)
    if member is None:
        raise Http404
    return member


@require_GET
def profile(request, public_id):
    return render(request, "resourcebank/member_detail.html", {"member": _public_member(public_id)})


@require_GET
def certificate(request, public_id):
    member = _public_member(public_id)
    return render(
        request,
        "resourcebank/member_certificate.html",
        {"member": member, "verify_url": absolute_url(member.verify_path())},
    )


@require_GET
def certificate_svg(request, public_id):
    member = _public_member(public_id)
    response = render(
        request,
        "resourcebank/certificate.svg",
        {
            "member": member,
            "verify_url": absolute_url(member.verify_path()),
        },
        content_type="image/svg+xml; charset=utf-8",
    )
    # The badge is a picture: nothing in it may run or load anything.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
    )
    response["X-Content-Type-Options"] = "nosniff"
    if request.GET.get("download") == "1":
        response["Content-Disposition"] = 'attachment; filename="certificate.svg"'
    return response


@require_GET
def verify(request, code: str):
    member = selectors.member_by_certificate_code(code=code)
    status = 200 if member else 404
    return render(
        request, "resourcebank/verify.html", {"member": member, "code": code}, status=status
    )


def _signed_in(request):
    return selectors.member_from_session(session=request.session)


class MemberHomeView(View):
    """The signed-in member's own page: edit profile and interests."""

    template_name = "resourcebank/member_edit.html"

    def dispatch(self, request, *args, **kwargs):
        self.member = _signed_in(request)
        if self.member is None:
            messages.info(request, _("Ask for a sign-in link to manage your membership."))
            return redirect("resourcebank:sign_in")
        return private(super().dispatch(request, *args, **kwargs))

    def get(self, request):
        return self._render(ProfileForm(instance=self.member))

    def post(self, request):
        form = ProfileForm(request.POST, instance=self.member)
        if not form.is_valid():
            return self._render(form, status=400)
        services.member_update(
            member=self.member,
            data=form.cleaned_data,
            sectors=form.cleaned_data["sectors"],
            focus_areas=form.cleaned_data["focus_areas"],
        )
        messages.success(request, _("Your changes are saved."))
        return redirect("resourcebank:me")

    def _render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "member": self.member},
            status=status,
        )


@require_GET
@never_cache
def member_data(request):
    member = _signed_in(request)
    if member is None:
        return redirect("resourcebank:sign_in")
    body = json.dumps(selectors.member_data(member=member), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="resource-bank-data.json"'
    return private(response)


class WithdrawView(View):
    template_name = "resourcebank/member_withdraw.html"

    def dispatch(self, request, *args, **kwargs):
        self.member = _signed_in(request)
        if self.member is None:
            return redirect("resourcebank:sign_in")
        return private(super().dispatch(request, *args, **kwargs))

    def get(self, request):
        return render(request, self.template_name, {"member": self.member})

    def post(self, request):
        services.member_withdraw(member=self.member)
        request.session.pop(selectors.SESSION_KEY, None)
        messages.success(
            request,
            _("You have left the resource bank. Your personal data have been erased."),
        )
        return redirect("resourcebank:directory")


@require_POST
def sign_out(request):
    request.session.pop(selectors.SESSION_KEY, None)
    messages.info(request, _("You are signed out."))
    return redirect("resourcebank:directory")
