"""Demo data for the quick start. Idempotent: running it twice changes nothing.

Each app describes its own demo rows in its `demo.py`; this command runs them in the order
they depend on each other and prints the staff logins.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from core import demo as core_demo
from demo.pictures import seed_pictures
from followup import demo as followup_demo
from ideas import demo as ideas_demo
from knowledgebank import demo as knowledgebank_demo
from projects import demo as projects_demo
from resourcebank import demo as resourcebank_demo
from workgroups import demo as workgroups_demo

DEMO_PASSWORD = "meetregion-demo"  # noqa: S105 - printed for the local quick start only

# The demo's ideas and groups go through the real services, so their histories and outbox
# rows are genuine; their e-mails go to a local memory box instead of the console.
QUIET_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


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
            core_demo.seed_site()
            core_demo.seed_municipalities()
            areas = core_demo.seed_focus_areas()
            ideas_demo.seed_criteria()
            screener = core_demo.seed_staff(password=DEMO_PASSWORD)
            staff = core_demo.seed_municipal_staff(password=DEMO_PASSWORD)
        with override_settings(MAILERS=QUIET_MAIL):
            created = ideas_demo.seed_ideas(areas=areas, screener=screener, staff=staff)
        resourcebank_demo.seed_members(self.stdout)
        with override_settings(MAILERS=QUIET_MAIL):
            workgroups_demo.seed_groups(self.stdout, process_support=screener, staff=staff)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new ideas)."))
        projects_demo.seed_projects(self.stdout)
        knowledgebank_demo.seed_entries(self.stdout)
        seed_pictures(self.stdout)
        # Swedish and Norwegian for the demo's criteria, focus areas, sectors and site texts.
        core_demo.seed_translations()
        ideas_demo.seed_translations()
        resourcebank_demo.seed_translations()
        logins = [("Region coordinator (every municipality)", "screener")]
        logins += [(f"{name} staff ({name} only)", user.username) for name, user in staff.items()]
        logins.append(("Admin login (superuser)", "admin"))
        self.stdout.write("")
        for label, username in logins:
            self.stdout.write(f"  {label + ':':<42} {username} / {DEMO_PASSWORD}")
        self.stdout.write(f"  Admin:  {settings.SITE_URL}/admin/\n")
        followup_demo.seed_followup(self.stdout, password=DEMO_PASSWORD)
        if options.get("scale", "small") != "small":
            from demo.large import SCALES, seed_large

            counts = seed_large(self.stdout, scale=SCALES[options["scale"]])
            if counts:
                self.stdout.write(self.style.SUCCESS(f"Large data set ready: {counts}"))
