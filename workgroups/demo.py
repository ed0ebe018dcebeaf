"""Demo working groups for the quick start (called from core's seed_demo). Idempotent."""

from django.db import transaction

from core.tokens import absolute_url
from ideas.models import Idea
from ideas.stages import Stage
from resourcebank.models import Member, Municipality, Sector

from . import services
from .models import LeadLink, Organisation, OrganisationContact, Participant, WorkingGroup

ORGANISATIONS = [
    (
        "Department of Education and Labour",
        Organisation.Kind.DEPARTMENT,
        [("Karin Holm", "Head of adult education", "karin.holm@demo-region.example")],
    ),
    (
        "City Planning Office",
        Organisation.Kind.DEPARTMENT,
        [("Per Sund", "Planning architect", "per.sund@demo-region.example")],
    ),
    (
        "Board of Culture and Leisure",
        Organisation.Kind.BOARD,
        [("Nora Vik", "Secretary", "nora.vik@demo-region.example")],
    ),
    (
        "City Harbour Properties",
        Organisation.Kind.COMPANY,
        [("Tom Berg", "Property manager", "tom.berg@harbour.example")],
    ),
]

# Ideas get the sectors and municipality staff would set while screening, so the
# suggestions on an accepted idea have something to rank by.
IDEA_MATCHING = {
    "Summer jobs for young people in local shops": (["Retail"], "Northvik"),
    "Mentoring newly arrived engineers": (["Manufacturing", "IT and digital services"], "Eastholm"),
}

GROUP_IDEA = "Mentoring newly arrived engineers"


def seed_groups(stdout=None, *, process_support) -> str | None:
    with transaction.atomic():
        orgs = {}
        for name, kind, contacts in ORGANISATIONS:
            org, _created = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
            for contact_name, role, email in contacts:
                OrganisationContact.objects.get_or_create(
                    organisation=org, email=email, defaults={"name": contact_name, "role": role}
                )
            orgs[name] = org
        for title, (sectors, municipality) in IDEA_MATCHING.items():
            idea = Idea.objects.filter(title=title).first()
            if idea and not idea.sectors.exists():
                idea.sectors.set(Sector.objects.filter(name__in=sectors))
                idea.municipality = Municipality.objects.filter(name=municipality).first()
                idea.save(update_fields=["municipality"])
        group = WorkingGroup.objects.filter(ideas__title=GROUP_IDEA).first()
        idea = Idea.objects.filter(title=GROUP_IDEA, stage=Stage.ACCEPTED).first()
        if group is None and idea is not None:
            group = services.group_create(
                ideas=[idea],
                name="Mentoring for newly arrived engineers",
                mandate=services.Mandate(
                    goal="Match 30 newly arrived engineers with mentors in local companies "
                    "within a year.",
                    scope="Engineering and IT companies in the region; the municipality's "
                    "adult education and labour services.",
                    expected_result="A mentoring programme that runs on its own, and a "
                    "guide for other regions.",
                    cadence_days=30,
                ),
                lead_name="Leila Karimi",
                lead_email="leila.karimi@engineers.example",
                process_support=process_support,
                is_public=True,
            )
            member = Member.objects.active().filter(name="Maria Nilsson").first()
            if member:
                Participant.objects.create(
                    group=group,
                    side=Participant.Side.BUSINESS,
                    member=member,
                    name=member.name,
                    email=member.email,
                    affiliation=member.company_name,
                    role="Mentor coordinator",
                )
            contact = OrganisationContact.objects.filter(
                organisation=orgs["Department of Education and Labour"]
            ).first()
            Participant.objects.create(
                group=group,
                side=Participant.Side.MUNICIPAL,
                organisation=contact.organisation,
                name=contact.name,
                email=contact.email,
                role="Municipal lead",
            )
            services.report_file(
                group=group,
                done="Recruited 12 mentors from six companies; first matching evening held.",
                next_steps="Second matching evening in March; survey of the first pairs.",
            )
    if group is None:
        return None
    # A fresh link each run: only hashes are stored, so the old one cannot be printed again.
    token = services.lead_link_create(group=group)
    url = absolute_url(LeadLink.url_for(token))
    if stdout is not None:
        stdout.write(f"  Demo group lead's report link: {url}\n")
    return url
