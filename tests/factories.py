import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from core.models import FocusArea
from ideas.models import Criterion, Idea, OrganisationType


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        """Staff work for the municipalities given (`municipalities=[...]`); staff given none
        are the region's coordinating unit, as every staff member was before the region had
        municipalities (the tests written then expect to see everything)."""
        if not create or not self.is_staff:
            return
        if extracted:
            self.municipalities.set(extracted)
        elif extracted is None and not self.is_superuser:
            from django.contrib.auth.models import Group

            from core.regions import COORDINATORS

            self.groups.add(Group.objects.get_or_create(name=COORDINATORS)[0])


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Focus area {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    title = factory.Sequence(lambda n: f"Criterion {n}")
    explanation = "The idea aims at collaboration between business and the municipality."


class IdeaFactory(factory.django.DjangoModelFactory):
    """A bare idea row, for tests that need one without going through submission."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"2026-{n + 90000:05d}")
    organisation_name = "Acme Logistics AB"
    organisation_type = OrganisationType.BUSINESS
    contact_name = "Ada Andersson"
    email = factory.Sequence(lambda n: f"submitter{n}@example.org")
    title = "Shared charging for delivery vans"
    description = "We would like to build shared charging points with the municipality."
    collaboration_kind = "co_financing"
    accepted_criteria = True
    acknowledged_no_guarantee = True

    class Params:
        municipality = None

    handled_by = factory.LazyAttribute(lambda idea: idea.municipality)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        """`municipality=m`: the idea concerns m, which handles it; `municipalities=[...]`:
        it concerns those (the first handles it). Neither: an idea of the whole region."""
        if not create:
            return
        places = list(extracted or ([self.handled_by] if self.handled_by else []))
        if places:
            self.municipalities.set(places)
            if self.handled_by is None:
                type(self).objects.filter(pk=self.pk).update(handled_by=places[0])
                self.handled_by = places[0]


def idea_form_data(**overrides) -> dict:
    """What a submitter's browser posts to /ideas/new/."""
    import uuid

    data = {
        "submission_key": str(uuid.uuid4()),
        "organisation_name": "Acme Logistics AB",
        "organisation_type": "business",
        "contact_name": "Ada Andersson",
        "email": "ada@acme.example",
        "phone": "",
        "title": "Shared charging for delivery vans",
        "description": "We would like to build shared charging points for delivery vans in the "
        "city centre together with the municipality and two property owners.",
        "collaboration_kind": "co_financing",
        "wants_to_take_part": "on",
        "accepted_criteria": "on",
        "acknowledged_no_guarantee": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def idea_service_data(**overrides) -> dict:
    """The cleaned data the form hands to idea_submit()."""
    data = idea_form_data(**overrides)
    for field in ("wants_to_take_part", "accepted_criteria", "acknowledged_no_guarantee"):
        data[field] = field in data
    return data


# Resource bank ---------------------------------------------------------------------------


def _now():
    from django.utils import timezone

    return timezone.now()


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resourcebank.Sector"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Sector {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.Municipality"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Municipality {n}")
    slug = factory.LazyAttribute(lambda m: slugify(m.name))


class MemberFactory(factory.django.DjangoModelFactory):
    """An active member, as after a confirmed registration."""

    class Meta:
        model = "resourcebank.Member"
        skip_postgeneration_save = True

    status = "active"
    name = factory.Sequence(lambda n: f"Member Person {n}")
    role = "Managing director"
    company_name = factory.Sequence(lambda n: f"Company {n} AB")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    phone = "+46 40 12 34 56"
    municipality = factory.SubFactory(MunicipalityFactory)
    scope = "broad"
    certificate_code = factory.Sequence(lambda n: f"code-{n:06d}")
    consent_at = factory.LazyFunction(lambda: _now())
    confirmed_at = factory.LazyFunction(lambda: _now())

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(extracted)


def member_form_data(*, municipality, sectors, **overrides) -> dict:
    """What a browser posts to /resource-bank/join/."""
    data = {
        "name": "Ada Andersson",
        "role": "Managing director",
        "company_name": "Acme Logistics AB",
        "organisation_number": "556036-0793",
        "email": "ada@acme.example",
        "phone": "",
        "municipality": str(municipality.pk),
        "sectors": [str(s.pk) for s in sectors],
        "scope": "broad",
        "idea_reference": "",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- projects and knowledge bank (issue 5) ---------------------------------------------


def _entry_published_at():
    from django.utils import timezone

    return timezone.now()


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Project"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "Business and the municipality work on this together."
    status = "ongoing"
    start_year = 2025
    is_public = True

    @factory.post_generation
    def municipality(self, create, extracted, **kwargs):
        """`municipality="Norrby"`: the project is that municipality's (Demo City by default)."""
        if create:
            self.municipalities.set([MunicipalityFactory(name=extracted or "Demo City")])


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledgebank.Entry"

    title = factory.Sequence(lambda n: f"Finished collaboration {n}")
    summary = "What a finished collaboration achieved."
    year = 2024
    status = "published"
    published_at = factory.LazyFunction(_entry_published_at)


# -- Working groups ---------------------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workgroups.Organisation"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Municipal department {n}")
    kind = "department"


def accepted_idea(**kwargs):
    return IdeaFactory(stage="accepted", **kwargs)


def working_group(*, ideas=None, process_support=None, **kwargs):
    """A group formed through the real service; returns (group, lead token)."""
    from workgroups import services
    from workgroups.models import LeadLink

    ideas = ideas or [accepted_idea()]
    process_support = process_support or UserFactory(is_staff=True, email="support@example.org")
    group = services.group_create(
        ideas=ideas,
        name=kwargs.pop("name", "Charging for delivery vans"),
        mandate=services.Mandate(goal="Plan shared charging points", cadence_days=30),
        lead_name="Lea Lead",
        lead_email="lea@example.org",
        process_support=process_support,
        is_public=kwargs.pop("is_public", True),
        **kwargs,
    )
    assert LeadLink.objects.filter(group=group).count() == 1
    return group


def lead_token(group) -> str:
    """The lead's link, as the welcome e-mail carried it (read before the body is blanked)."""
    from notifications.models import Email

    body = Email.objects.filter(kind="group_lead_welcome", object_id=str(group.pk)).get().body_text
    return body.split("/groups/report/")[1].split("/")[0]
