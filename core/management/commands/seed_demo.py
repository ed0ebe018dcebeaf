"""Demo data for the quick start. Idempotent: running it twice changes nothing."""

import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from core.demo_translations import seed_translations
from core.models import FocusArea, SiteSettings
from core.roles import roles_ensure
from ideas.models import Criterion, Idea
from ideas.services import idea_move, idea_submit
from ideas.stages import Stage
from projects.demo import seed_projects
from resourcebank.demo import seed_members
from workgroups.demo import seed_groups

DEMO_PASSWORD = "meetregion-demo"  # noqa: S105 - printed for the local quick start only
NAMESPACE = uuid.UUID("6f1c2b8e-1a2d-4a8e-9a57-3d1f0c9b7e11")

FOCUS_AREAS = [
    "Skills and jobs",
    "Urban development",
    "Climate and sustainability",
    "Inclusion and social sustainability",
    "Innovation and digitalisation",
    "Events and visitors",
]

CRITERIA = [
    (
        "The idea aims at collaboration between business and the municipality",
        "The one essential criterion: the idea aims at collaboration between the business "
        "community and the municipality – possibly with other public actors or organisations – "
        "for business development and a socially sustainable region. For example a joint "
        "working group or co-financing of an effort.",
    ),
    (
        "Both sides take part",
        "A collaboration is only fruitful when both the business community and the municipality "
        "contribute people and time.",
    ),
    (
        "Not a service or authority matter",
        "Questions about permits, supervision or other exercise of public authority are handled "
        "by the business pilot, not through this portal.",
    ),
]

IDEAS = [
    # (title, organisation, type, kind, focus areas, path of stages)
    (
        "Summer jobs for young people in local shops",
        "Centrum Handel AB",
        "business",
        "working_group",
        ["Skills and jobs", "Inclusion and social sustainability"],
        [Stage.SCREENING, Stage.ACCEPTED],
    ),
    (
        "A shared charging network for delivery vans",
        "Green Logistics Sweden AB",
        "business",
        "co_financing",
        ["Climate and sustainability", "Urban development"],
        [Stage.SCREENING],
    ),
    (
        "Open data on vacant commercial premises",
        "Department of City Planning",
        "municipal_department",
        "knowledge",
        ["Innovation and digitalisation", "Urban development"],
        [],
    ),
    (
        "An international conference on social sustainability",
        "Region Events Ltd",
        "business",
        "co_financing",
        ["Events and visitors", "Inclusion and social sustainability"],
        [Stage.SCREENING, Stage.PAUSED],
    ),
    (
        "Faster building permits for our new warehouse",
        "Hansson Bygg AB",
        "business",
        "other",
        ["Urban development"],
        [Stage.REFERRED],
    ),
    (
        "Mentoring newly arrived engineers",
        "Engineers Without Borders (local chapter)",
        "other",
        "working_group",
        ["Skills and jobs", "Inclusion and social sustainability"],
        [Stage.SCREENING, Stage.ACCEPTED],
    ),
    (
        "Sponsored city-centre Christmas lights",
        "City Harbour Properties",
        "municipal_company",
        "co_financing",
        ["Events and visitors"],
        [Stage.SCREENING, Stage.DECLINED],
    ),
]

NOTES = {
    Stage.SCREENING: "We have started screening your idea and are looking at similar work.",
    Stage.ACCEPTED: "Your idea meets the criteria. We are now looking for the right people.",
    Stage.PAUSED: "The timing is not right this year; we will look again after the budget "
    "decision in the spring.",
    Stage.DECLINED: "A similar effort is already under way in the city-centre association; "
    "we have passed on your contact details to them.",
    Stage.REFERRED: "Building permits are an authority matter; the business pilot will contact "
    "you.",
}


class Command(BaseCommand):
    help = "Load demo data for the quick start and print the demo staff logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["small", "medium", "large"],
            default="small",
            help="small: the quick start's demo (default); large: about 100,000 ideas, "
            "20,000 members, 5,000 groups, 2,000 entries for measuring (PostgreSQL only).",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            self._site()
            areas = self._focus_areas()
            self._criteria()
            roles_ensure()
            screener = self._users()
        # The demo ideas go through the real services, so their histories and outbox rows
        # are genuine; their e-mails go to a local memory box instead of the console.
        with override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        ):
            created = self._ideas(areas, screener)
        seed_members(self.stdout)
        with override_settings(
            MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        ):
            seed_groups(self.stdout, process_support=screener)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new ideas)."))
        seed_projects(self.stdout)
        seed_translations()  # Swedish and Norwegian for the demo's criteria, areas, sectors
        self.stdout.write(
            "\n  Staff login (screener):  screener / "
            + DEMO_PASSWORD
            + "\n  Admin login (superuser): admin / "
            + DEMO_PASSWORD
            + "\n  Admin:  http://127.0.0.1:8000/admin/\n"
        )
        from followup.demo import seed_followup

        seed_followup(self.stdout, password=DEMO_PASSWORD)
        if options.get("scale", "small") != "small":
            from core.demo_large import SCALES, seed_large

            counts = seed_large(self.stdout, scale=SCALES[options["scale"]])
            if counts:
                self.stdout.write(self.style.SUCCESS(f"Large data set ready: {counts}"))

    def _site(self):
        site = SiteSettings.load()
        if site.region_name == SiteSettings._meta.get_field("region_name").default:
            site.region_name = "Demo Region"
            site.portal_name = "Meet Demo Region"
            site.business_unit_name = "The business unit of Demo Region"
            site.business_unit_email = "business@demo-region.example"
            site.business_pilot_name = "The business pilot"
            site.business_pilot_description = (
                "One way in for companies with questions about permits, supervision, "
                "premises and other municipal services."
            )
            site.business_pilot_phone = "+46 40 34 10 00"
            site.business_pilot_email = "pilot@demo-region.example"
            site.business_pilot_hours = "Monday–Friday 8–17"
            site.save()

    def _focus_areas(self):
        return {
            name: FocusArea.objects.get_or_create(name=name, defaults={"order": i})[0]
            for i, name in enumerate(FOCUS_AREAS)
        }

    def _criteria(self):
        for i, (title, explanation) in enumerate(CRITERIA):
            Criterion.objects.get_or_create(
                title=title, defaults={"explanation": explanation, "order": i}
            )

    def _users(self):
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"is_staff": True, "is_superuser": True, "email": "admin@demo-region.example"},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        screener, created = User.objects.get_or_create(
            username="screener",
            defaults={
                "is_staff": True,
                "first_name": "Sara",
                "last_name": "Screener",
                "email": "screener@demo-region.example",
            },
        )
        if created:
            screener.set_password(DEMO_PASSWORD)
            screener.save()
        screener.groups.add(*roles_ensure().values())
        return screener

    def _ideas(self, areas, screener) -> int:
        created = 0
        for title, org, org_type, kind, area_names, path in IDEAS:
            key = uuid.uuid5(NAMESPACE, title)
            if Idea.objects.filter(submission_key=key).exists():
                continue
            slug = org.lower().split()[0].strip("()")
            submission = idea_submit(
                data={
                    "organisation_name": org,
                    "organisation_type": org_type,
                    "contact_name": "Alex Andersson",
                    "email": f"contact@{slug}.example",
                    "title": title,
                    "description": (
                        f"{title}. We would like to work with the municipality on this because "
                        "it strengthens local business and a socially sustainable region."
                    ),
                    "collaboration_kind": kind,
                    "wants_to_take_part": True,
                    "accepted_criteria": True,
                    "acknowledged_no_guarantee": True,
                },
                focus_areas=[areas[name] for name in area_names],
                language="en",
                submission_key=key,
            )
            for stage in path:
                idea_move(idea=submission.idea, to=stage, by=screener, note=NOTES.get(stage, ""))
            created += 1
        return created
