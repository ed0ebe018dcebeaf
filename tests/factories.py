import factory
from django.contrib.auth import get_user_model

from core.models import FocusArea
from ideas.models import Criterion, Idea, OrganisationType


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


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
