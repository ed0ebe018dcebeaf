"""Migration operations that only touch PostgreSQL.

The quick start runs on SQLite, which knows neither GIN indexes nor operator classes. These
operations keep the migration state identical on every database (so `makemigrations --check`
stays quiet) and simply do nothing to an SQLite schema.
"""

from django.db import migrations


def _is_postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class PostgresOnlyAddIndex(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgres(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgres(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def reduce(self, operation, app_label):
        # Never let the optimizer fold this into a CreateModel that would run everywhere.
        return False


# --------------------------------------------------------------------------- the region (issue 14)

CONTACT_FIELDS = (
    "business_unit_name",
    "business_unit_email",
    "business_pilot_name",
    "business_pilot_description",
    "business_pilot_phone",
    "business_pilot_email",
    "business_pilot_url",
    "business_pilot_hours",
)


def _languages() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def _site_value(site, field: str, language: str):
    """What the region's settings say for `field` in `language` (translated or not)."""
    value = getattr(site, f"{field}_{language}", None)
    return value if value not in (None, "") else getattr(site, field, "")


def contacts_from_site(municipality, site) -> None:
    """Start a municipality with the region's business unit and business pilot."""
    from django.conf import settings

    if site is None:
        return
    for field in CONTACT_FIELDS:
        setattr(municipality, field, _site_value(site, field, settings.LANGUAGE_CODE))
        for language in _languages():
            column = f"{field}_{language}"
            if hasattr(municipality, column):
                setattr(municipality, column, _site_value(site, field, language))


def municipalities_fill(apps, schema_editor) -> None:
    """After the municipalities moved to core: give each an address name, start each with the
    region's business unit and business pilot (so receipts and referrals keep going where
    they went before), make sure at least one municipality exists (the default, which takes
    what had no municipality), and make the staff who saw everything so far the region's
    coordinating unit, so that nobody loses sight of anything in the upgrade."""
    from django.conf import settings
    from django.utils.text import slugify

    Municipality = apps.get_model("core", "Municipality")
    SiteSettings = apps.get_model("core", "SiteSettings")
    site = SiteSettings.objects.filter(pk=1).first()
    taken = set()
    for municipality in Municipality.objects.order_by("order", "name", "pk"):
        base = slugify(municipality.name)[:70] or "municipality"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        municipality.slug = slug
        contacts_from_site(municipality, site)
        municipality.save()
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    staff = User.objects.filter(is_staff=True, is_superuser=False)
    if staff.exists():
        coordinators, _created = Group.objects.get_or_create(name="Region coordinators")
        coordinators.user_set.add(*staff)


def default_municipality(apps):
    """The municipality that takes what had none when the region came: the first active one,
    or, where there was none at all (a portal whose members never named one), one made for
    the purpose, named after the region and with its contacts. Called only where rows need
    it, so a new, empty database gets no municipality it did not ask for."""
    from django.utils.text import slugify

    Municipality = apps.get_model("core", "Municipality")
    first = Municipality.objects.order_by("-is_active", "order", "name", "pk").first()
    if first is not None:
        return first
    site = apps.get_model("core", "SiteSettings").objects.filter(pk=1).first()
    name = ((site.region_name if site else "") or "Municipality")[:120]
    municipality = Municipality(name=name, slug=slugify(name)[:70] or "municipality")
    contacts_from_site(municipality, site)
    municipality.save()
    return municipality


def ideas_to_municipalities(apps, schema_editor) -> None:
    """Each idea concerns, and is handled by, the municipality its screening checklist named,
    or the default municipality where it named none."""
    from django.db.models import F

    Idea = apps.get_model("ideas", "Idea")
    if Idea.objects.filter(municipality__isnull=True).exists():
        Idea.objects.filter(municipality__isnull=True).update(
            municipality=default_municipality(apps)
        )
    Idea.objects.update(handled_by=F("municipality"))
    Through = Idea.municipalities.through
    rows = Idea.objects.exclude(municipality=None).values_list("pk", "municipality_id")
    Through.objects.bulk_create(
        [Through(idea_id=pk, municipality_id=m) for pk, m in rows.iterator()], batch_size=5000
    )


def ideas_from_municipalities(apps, schema_editor) -> None:
    """Backwards: the handling municipality goes back into the checklist's single field."""
    from django.db.models import F

    Idea = apps.get_model("ideas", "Idea")
    Idea.objects.update(municipality=F("handled_by"))


def entries_to_municipalities(apps, schema_editor) -> None:
    """Knowledge-bank entries made before the region came belong to the default municipality."""
    Entry = apps.get_model("knowledgebank", "Entry")
    if not Entry.objects.exists():
        return
    default = default_municipality(apps)
    Through = Entry.municipalities.through
    Through.objects.bulk_create(
        [
            Through(entry_id=pk, municipality_id=default.pk)
            for pk in Entry.objects.values_list("pk", flat=True)
        ],
        batch_size=5000,
    )


def groups_to_municipalities(apps, schema_editor) -> None:
    """A working group works for the municipalities of its ideas (the default one where its
    ideas name none); the municipal organisations so far were the default municipality's."""
    WorkingGroup = apps.get_model("workgroups", "WorkingGroup")
    Organisation = apps.get_model("workgroups", "Organisation")
    Idea = apps.get_model("ideas", "Idea")
    if not (WorkingGroup.objects.exists() or Organisation.objects.exists()):
        return
    default = default_municipality(apps)
    Organisation.objects.filter(municipality=None).update(municipality=default)
    Through = WorkingGroup.municipalities.through
    ideas = Idea.municipalities.through.objects
    rows = []
    for group in WorkingGroup.objects.prefetch_related("ideas").iterator(chunk_size=2000):
        idea_ids = [idea.pk for idea in group.ideas.all()]
        found = set(
            ideas.filter(idea_id__in=idea_ids).values_list("municipality_id", flat=True)
        ) or {default.pk}
        rows += [Through(workinggroup_id=group.pk, municipality_id=m) for m in sorted(found)]
    Through.objects.bulk_create(rows, batch_size=5000)


def projects_to_municipalities(apps, schema_editor) -> None:
    """An initiative's municipality was free text: it becomes the municipality of that name
    (or address name). A name no municipality has becomes an inactive municipality of its own,
    for staff to look at, so nothing typed is lost; an empty one goes to the default."""
    from django.utils.text import slugify

    Project = apps.get_model("projects", "Project")
    Municipality = apps.get_model("core", "Municipality")
    site = apps.get_model("core", "SiteSettings").objects.filter(pk=1).first()
    if not Project.objects.exists():
        return
    default = default_municipality(apps)
    known = {}
    for m in Municipality.objects.all():
        known[m.name.strip().lower()] = m
        known[m.slug] = m
    Through = Project.municipalities.through
    rows = []
    for pk, text in Project.objects.values_list("pk", "municipality").iterator(chunk_size=2000):
        text = (text or "").strip()
        municipality = (known.get(text.lower()) or known.get(slugify(text))) if text else default
        if municipality is None:
            base = slugify(text)[:70] or "municipality"
            slug, n = base, 2
            while Municipality.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            municipality = Municipality(name=text[:120], slug=slug, is_active=False)
            contacts_from_site(municipality, site)
            municipality.save()
            known[text.lower()] = known[slug] = municipality
        if municipality is not None:
            rows.append(Through(project_id=pk, municipality_id=municipality.pk))
    Through.objects.bulk_create(rows, batch_size=5000)


def projects_from_municipalities(apps, schema_editor) -> None:
    Project = apps.get_model("projects", "Project")
    for project in Project.objects.prefetch_related("municipalities"):
        names = ", ".join(m.name for m in project.municipalities.all())
        Project.objects.filter(pk=project.pk).update(municipality=names[:120])
