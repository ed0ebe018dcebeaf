"""Who may see and change what, by municipality: the one place the rule lives.

A region holds municipalities (core.Municipality). Ideas, working groups, initiatives,
knowledge-bank entries and members each belong to one or more of them, or to the whole
region; each such model says through which field (`RegionScoped.REGION_SCOPE`). A staff
member belongs to one or more municipalities (`Municipality.staff`), or to the region's
coordinating unit (the *Region coordinators* role; superusers count as coordinators).

    scope = staff_scope(request.user)
    scope.filter(Idea.objects.all())        # what this person may see and work on
    scope_require(user, idea)               # in a service: refuse, with a clear message

The admin's querysets, the services, the dashboard, the exports, the digests and the API all
ask here; templates never decide.

A row of several municipalities is shared by each of them. A row of none (an idea for the
whole region) is the coordinating unit's.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

COORDINATORS = "Region coordinators"


class RegionScoped(models.Model):
    """A model whose rows belong to municipalities. `REGION_SCOPE` names the field: a
    ForeignKey or ManyToManyField to core.Municipality (a path with `__` for a row that
    belongs where its parent does, e.g. "entry__municipalities")."""

    REGION_SCOPE = "municipalities"

    class Meta:
        abstract = True

    def region_municipality_ids(self) -> set[int]:
        """The municipalities this row belongs to (empty: the whole region)."""
        path = self.REGION_SCOPE
        if "__" in path:
            return set(
                type(self)
                ._default_manager.filter(pk=self.pk)
                .exclude(**{f"{path}__isnull": True})
                .values_list(path, flat=True)
            )
        field = self._meta.get_field(path)
        if field.many_to_many:
            if self.pk is None:
                return set()
            cached = getattr(self, "_prefetched_objects_cache", {}).get(field.name)
            if cached is not None:
                return {m.pk for m in cached}
            return set(getattr(self, path).values_list("pk", flat=True))
        value = getattr(self, field.attname)
        return {value} if value is not None else set()


@dataclass(frozen=True)
class StaffScope:
    """What one staff member may see and work on."""

    region: bool  # the coordinating unit (and superusers): everything
    municipality_ids: frozenset[int]

    def allows_ids(self, ids: Iterable[int]) -> bool:
        """Whether a row belonging to `ids` (empty: the whole region) is in this scope."""
        if self.region:
            return True
        return bool(self.municipality_ids & set(ids))

    def allows(self, obj: RegionScoped) -> bool:
        return self.allows_ids(obj.region_municipality_ids())

    def filter(self, queryset: models.QuerySet, path: str | None = None) -> models.QuerySet:
        """`queryset` narrowed to the rows in this scope. For a many-to-many field the test
        is a semi-join on its through table (no DISTINCT, no row repeated)."""
        if self.region:
            return queryset
        if not self.municipality_ids:
            return queryset.none()
        return queryset.filter(scope_q(queryset.model, self.municipality_ids, path))

    @property
    def label_ids(self) -> list[int]:
        return sorted(self.municipality_ids)

    @property
    def empty(self) -> bool:
        """Nothing at all: staff of no municipality and not of the coordinating unit."""
        return not self.region and not self.municipality_ids

    def narrowed(self, municipality_ids: Iterable[int]) -> "StaffScope":
        """This scope narrowed to `municipality_ids` (the follow-up's figures for one
        municipality): the rows of those municipalities only, shared ones included, rows of
        the whole region not. OutOfScope unless each of them is in this scope."""
        ids = frozenset(municipality_ids)
        if not self.region and not ids <= self.municipality_ids:
            raise OutOfScope(_("You do not work for that municipality."))
        return StaffScope(region=False, municipality_ids=ids)


def related_to_q(field: models.ManyToManyField, target_ids) -> models.Q:
    """The condition "related through `field` to one of `target_ids`" (ids, or a queryset of
    them), as `pk IN` a subquery of the relation's table: unlike a join, it never repeats a
    row, so the query needs no DISTINCT."""
    owner = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    rows = field.remote_field.through.objects.filter(**{f"{target}_id__in": target_ids})
    return models.Q(pk__in=rows.values(f"{owner}_id"))


def scope_q(model, municipality_ids, path: str | None = None) -> models.Q:
    """The condition "belongs to one of `municipality_ids`" (ids, or a queryset of them) for
    rows of `model`."""
    ids = (
        municipality_ids
        if isinstance(municipality_ids, models.QuerySet)
        else list(municipality_ids)
    )
    path = path or model.REGION_SCOPE
    if "__" not in path:
        field = model._meta.get_field(path)
        if field.many_to_many:
            return related_to_q(field, ids)
        return models.Q(**{f"{field.attname}__in": ids})
    return models.Q(pk__in=model._default_manager.filter(**{f"{path}__in": ids}).values("pk"))


REGION = StaffScope(region=True, municipality_ids=frozenset())
NOBODY = StaffScope(region=False, municipality_ids=frozenset())


def staff_scope(user) -> StaffScope:
    """The scope of `user`, computed once per user object (one query, cached on it)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NOBODY
    cached = getattr(user, "_staff_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = REGION
    else:
        # One query: a row per municipality of the person's (one row, None, for none), each
        # saying whether they are of the coordinating unit.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        coordinator = Group.objects.filter(user=models.OuterRef("pk"), name=COORDINATORS)
        rows = list(
            get_user_model()
            ._default_manager.filter(pk=user.pk)
            .annotate(coordinator=models.Exists(coordinator))
            .values_list("coordinator", "municipalities")
        )
        scope = StaffScope(
            region=any(is_coordinator for is_coordinator, _m in rows),
            municipality_ids=frozenset(m for _c, m in rows if m is not None),
        )
    user._staff_scope = scope
    return scope


class OutOfScope(PermissionDenied):
    """A staff member tried to work on something of a municipality they do not work for."""


def scope_require(user, obj: RegionScoped) -> None:
    """Refuse (OutOfScope, with a message for the person) unless `user` may work on `obj`.
    `user` None is the system itself (a task, the lead's own link): always allowed."""
    if user is None:
        return
    ids = obj.region_municipality_ids()
    if staff_scope(user).allows_ids(ids):
        return
    from .models import Municipality

    names = ", ".join(Municipality.objects.filter(pk__in=ids).values_list("name", flat=True))
    raise OutOfScope(
        _("%(what)s belongs to %(where)s, which you do not work for.")
        % {"what": obj, "where": names or _("the whole region (the coordinating unit)")}
    )


def scope_related_q(
    scope: StaffScope,
    *,
    content_type_field: str = "content_type",
    object_id_field: str = "object_id",
) -> models.Q:
    """For rows that point at any object through a generic relation (the outbox's e-mails):
    "the object pointed at is in `scope`". Objects of models that are not RegionScoped, and
    rows that point at nothing, are the coordinating unit's."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.functions import Cast

    if scope.region:
        return models.Q()
    condition = models.Q(pk__in=[])
    scoped = [m for m in apps.get_models() if issubclass(m, RegionScoped)]
    for model, content_type in ContentType.objects.get_for_models(*scoped).items():
        keys = (
            scope.filter(model._default_manager.all())
            .annotate(_key=Cast("pk", models.CharField()))
            .values("_key")
        )
        condition |= models.Q(**{content_type_field: content_type, f"{object_id_field}__in": keys})
    return condition
