"""Every write about working groups: creating them from ideas, invitations, reports, completion."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.caching import content_changed
from core.models import FocusArea
from core.regions import scope_require
from core.tokens import absolute_url, token_hash, token_new
from ideas.models import Idea
from ideas.services import idea_move
from ideas.stages import Stage
from knowledgebank.services import entry_create_draft
from notifications.services import email_queue
from projects.models import Project, ProjectKind, ProjectStatus

from .models import (
    Invitation,
    LeadLink,
    Participant,
    Report,
    ReportAttachment,
    WorkingGroup,
)


class GroupError(Exception):
    """A domain error whose message is fit to show to staff or to the person concerned."""


# -- The group's public face -----------------------------------------------------------------

_PROJECT_STATUS = {
    WorkingGroup.Status.ACTIVE: ProjectStatus.ONGOING,
    WorkingGroup.Status.PAUSED: ProjectStatus.PAUSED,
    WorkingGroup.Status.COMPLETED: ProjectStatus.FINISHED,
}


def group_project_sync(*, group: WorkingGroup) -> Project:
    """Keep the group's page on /projects/ in step with the group (public fields only)."""
    project = group.project or Project(kind=ProjectKind.WORKING_GROUP)
    project.title = group.name
    project.summary = group.goal
    project.goal = group.expected_result or group.goal
    project.status = _PROJECT_STATUS[group.status]
    project.start_date = group.starts_on
    project.start_year = group.starts_on.year
    project.is_public = group.is_public
    support = group.process_support
    project.contact_name = support.get_full_name() or support.get_username()
    project.contact_email = support.email
    # Partners: only the bank's active (public) members and the municipal organisations.
    partners = []
    for participant in group.participants.select_related("member", "organisation"):
        if participant.organisation_id:
            partners.append(participant.organisation.name)
        elif participant.member_id and participant.member.is_active:
            partners.append(participant.member.company_name)
    project.organisations = "\n".join(dict.fromkeys(p for p in partners if p))
    latest = group.reports.filter(kind=Report.Kind.PROGRESS, is_public=True).first()
    if latest is not None:
        project.progress_text = latest.done
        project.progress_date = latest.filed_at.date()
    project.save()
    project.focus_areas.set(_group_focus_areas(group))
    project.municipalities.set(group.municipalities.all())
    if group.project_id != project.pk:
        group.project = project
        WorkingGroup.objects.filter(pk=group.pk).update(project=project)
    return project


def _group_focus_areas(group: WorkingGroup):
    """The focus areas of the group's ideas, in one query."""
    return FocusArea.objects.filter(ideas__working_groups=group).distinct()


# -- Creating a group ------------------------------------------------------------------------


@dataclass(frozen=True)
class Mandate:
    goal: str
    scope: str = ""
    expected_result: str = ""
    starts_on: object = None
    ends_on: object = None
    cadence_days: int = 30


def group_create(
    *,
    ideas,
    name: str,
    mandate: Mandate,
    lead_name: str,
    lead_email: str,
    process_support,
    is_public: bool = False,
    lead_language: str = "en",
    by=None,
) -> WorkingGroup:
    """Form a group around accepted ideas; move them on, tell their submitters and the lead."""
    idea_ids = [idea.pk for idea in ideas]
    if not idea_ids:
        raise GroupError(_("Choose at least one idea for the group."))
    with transaction.atomic():
        locked = list(Idea.objects.select_for_update().filter(pk__in=idea_ids).order_by("pk"))
        not_ready = [idea.reference for idea in locked if idea.stage != Stage.ACCEPTED]
        if not_ready:
            raise GroupError(
                _("Only ideas accepted for matching can form a group; not: %(refs)s.")
                % {"refs": ", ".join(not_ready)}
            )
        starts_on = mandate.starts_on or timezone.localdate()
        group = WorkingGroup.objects.create(
            name=name,
            goal=mandate.goal,
            scope=mandate.scope,
            expected_result=mandate.expected_result,
            starts_on=starts_on,
            ends_on=mandate.ends_on,
            cadence_days=mandate.cadence_days,
            lead_name=lead_name,
            lead_email=lead_email,
            lead_language=lead_language,
            process_support=process_support,
            is_public=is_public,
            next_report_due=starts_on + timedelta(days=mandate.cadence_days),
        )
        group.ideas.set(locked)
        # The group works for every municipality its ideas concern; each of them staffs its
        # municipal side (selectors.group_municipal_sides).
        group.municipalities.set(
            Idea.municipalities.through.objects.filter(idea_id__in=idea_ids)
            .values_list("municipality_id", flat=True)
            .distinct()
        )
        for idea in locked:
            idea_move(idea=idea, to=Stage.IN_GROUP, by=by)
        group_project_sync(group=group)
        _lead_link_send(group, template="group_lead_welcome")
    return group


def lead_link_create(*, group: WorkingGroup) -> str:
    """A new private reporting link for the lead; returns the token (only its hash is kept)."""
    token, _link = LeadLink.issue(group=group)
    return token


def _lead_link_send(group: WorkingGroup, *, template: str) -> None:
    token = lead_link_create(group=group)
    email_queue(
        to=group.lead_email,
        template=template,
        context={"group": group, "report_url": absolute_url(LeadLink.url_for(token))},
        language=group.lead_language,
        related=group,
        redact_after_send=True,
    )


def lead_link_resend(*, group: WorkingGroup) -> None:
    """Staff send the lead a new link; the old ones stop working."""
    with transaction.atomic():
        LeadLink.revoke(group=group)
        _lead_link_send(group, template="group_lead_link")


def lead_link_resolve(*, token: str) -> WorkingGroup | None:
    link = LeadLink.objects.usable().for_token(token).select_related("group").first()
    return link.group if link else None


# -- Invitations -----------------------------------------------------------------------------


def invitation_create(
    *,
    group: WorkingGroup,
    by=None,
    member=None,
    name: str = "",
    email: str = "",
    affiliation: str = "",
    side: str = Participant.Side.BUSINESS,
    organisation=None,
    role: str = "",
    language: str = "",
) -> Invitation:
    """Invite a resource-bank member (or someone from outside the bank) and e-mail them."""
    scope_require(by, group)
    if group.status != WorkingGroup.Status.ACTIVE:
        raise GroupError(_("Only an active group can invite people."))
    if member is not None:
        if not member.is_active:
            raise GroupError(_("Only active resource-bank members can be invited."))
        if group.participants.filter(member=member).exists():
            raise GroupError(
                _("%(name)s already takes part in this group.") % {"name": member.name}
            )
        name, email, affiliation = member.name, member.email, member.company_name
        language = language or member.language
    if not name or not email:
        raise GroupError(_("An invitation needs a name and an e-mail address."))
    token, digest = token_new()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                group=group,
                member=member,
                name=name,
                email=email,
                affiliation=affiliation,
                side=side,
                organisation=organisation,
                role=role or _("Member"),
                language=language or settings.LANGUAGE_CODE,
                token_hash=digest,
                invited_by=by,
                expires_at=timezone.now() + timedelta(days=settings.MEETREGION_INVITATION_DAYS),
            )
            base = absolute_url(f"/groups/invitations/{token}/")
            email_queue(
                to=email,
                template="group_invitation",
                context={
                    "group": group,
                    "invitation": invitation,
                    "accept_url": base + "?answer=accept",
                    "decline_url": base + "?answer=decline",
                },
                language=invitation.language,
                related=invitation,
                redact_after_send=True,
            )
    except IntegrityError:
        raise GroupError(
            _("%(name)s already has an invitation to this group waiting.") % {"name": name}
        ) from None
    return invitation


def invitation_peek(*, token: str) -> Invitation | None:
    return Invitation.objects.select_related("group").filter(token_hash=token_hash(token)).first()


def invitation_respond(*, token: str, accept: bool) -> Invitation:
    """Answer an invitation once. Raises GroupError when the link is used up or expired."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("group")
            .filter(token_hash=token_hash(token))
            .first()
        )
        if invitation is None:
            raise GroupError(_("This invitation link is not valid."))
        if invitation.status != Invitation.Status.PENDING:
            raise GroupError(_("This invitation has already been answered."))
        now = timezone.now()
        expired = invitation.expires_at <= now
        if expired:
            invitation.status = Invitation.Status.EXPIRED
            invitation.save(update_fields=["status"])
        else:
            invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
            invitation.responded_at = now
            invitation.save(update_fields=["status", "responded_at"])
            if accept:
                Participant.objects.get_or_create(
                    group=invitation.group,
                    member=invitation.member,
                    email=invitation.email,
                    defaults={
                        "name": invitation.name,
                        "side": invitation.side,
                        "organisation": invitation.organisation,
                        "affiliation": invitation.affiliation,
                        "role": invitation.role,
                    },
                )
                group_project_sync(group=invitation.group)
    if expired:
        # Raised once the block has committed, so the link stays marked as expired.
        raise GroupError(_("This invitation has expired. Ask the business unit for a new one."))
    return invitation


# -- Reporting back --------------------------------------------------------------------------


def report_file(
    *, group: WorkingGroup, done: str, next_steps: str, blockers: str = "", is_public: bool = True
) -> Report:
    with transaction.atomic():
        locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)
        if locked.status != WorkingGroup.Status.ACTIVE:
            raise GroupError(_("The group is not active, so no report can be filed now."))
        report = Report.objects.create(
            group=locked,
            kind=Report.Kind.PROGRESS,
            done=done,
            next_steps=next_steps,
            blockers=blockers,
            is_public=is_public,
        )
        locked.next_report_due = timezone.localdate() + locked.cadence
        locked.save(update_fields=["next_report_due"])
        group_project_sync(group=locked)
    group.next_report_due = locked.next_report_due
    return report


def group_complete(
    *,
    group: WorkingGroup,
    results: str,
    experiences: str,
    lessons: str,
    partners: str,
    attachments=(),
):
    """The lead's final report closes the group, completes its ideas and drafts a
    knowledge-bank entry for staff to review and publish."""
    with transaction.atomic():
        locked = WorkingGroup.objects.select_for_update().get(pk=group.pk)
        if locked.status == WorkingGroup.Status.COMPLETED:
            raise GroupError(_("The group has already filed its final report."))
        if locked.status != WorkingGroup.Status.ACTIVE:
            raise GroupError(_("The group is paused; the business unit must revive it first."))
        report = Report.objects.create(
            group=locked,
            kind=Report.Kind.FINAL,
            results=results,
            experiences=experiences,
            lessons=lessons,
            partners=partners,
        )
        for upload in attachments:
            ReportAttachment.objects.create(report=report, file=upload, title=upload.name)
        now = timezone.now()
        locked.status = WorkingGroup.Status.COMPLETED
        locked.completed_at = now
        locked.next_report_due = None
        locked.save(update_fields=["status", "completed_at", "next_report_due"])
        ideas = list(locked.ideas.all())
        for idea in ideas:
            if idea.stage == Stage.IN_GROUP:
                idea_move(idea=idea, to=Stage.COMPLETED)
        project = group_project_sync(group=locked)
        entry = entry_create_draft(
            title=locked.name,
            summary=locked.goal,
            results=results,
            experiences=experiences,
            lessons=lessons,
            partners=partners,
            focus_areas=_group_focus_areas(locked),
            project=project,
            municipalities=locked.municipalities.all(),
        )
        if locked.process_support.email:
            email_queue(
                to=locked.process_support.email,
                template="group_final_report_filed",
                context={
                    "group": locked,
                    "entry": entry,
                    "entry_admin_url": absolute_url(
                        f"/admin/knowledgebank/entry/{entry.pk}/change/"
                    ),
                },
                language=settings.LANGUAGE_CODE,
                related=locked,
            )
    group.status = locked.status
    return report, entry


def group_pause(*, group: WorkingGroup) -> bool:
    return _group_switch(group, WorkingGroup.Status.ACTIVE, WorkingGroup.Status.PAUSED)


def group_revive(*, group: WorkingGroup) -> bool:
    return _group_switch(group, WorkingGroup.Status.PAUSED, WorkingGroup.Status.ACTIVE)


def _group_switch(group: WorkingGroup, old: str, new: str) -> bool:
    """Conditional update: returns False, changing nothing, when the group is not in `old`."""
    now = timezone.now()
    updates = {"status": new}
    if new == WorkingGroup.Status.PAUSED:
        updates["paused_at"] = now
    else:
        updates["next_report_due"] = timezone.localdate() + group.cadence
    with transaction.atomic():
        if not WorkingGroup.objects.filter(pk=group.pk, status=old).update(**updates):
            return False
        content_changed()  # an update() sends no post_save: a group's load counts in rankings
        group.refresh_from_db()
        group_project_sync(group=group)
    return True
