"""CSV and Excel exports of ideas, working groups and members for the annual evaluation.

Called from one admin action on each changelist: the queryset the action receives already
carries the changelist's filters, search and date drill-down (and "select all" across pages);
the export adds a period on top, and keeps only the ideas and groups the person may see
(core.regions), whatever list or selection was posted. The columns are what an evaluation needs: stages, types,
dates, focus areas, counts. They leave out people's names, e-mail addresses and phone
numbers (data minimisation: an evaluation does not need them; the resource bank's own CSV
export still serves staff who must contact members).
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.regions import staff_scope

CHUNK = 2000
# A cell that starts with one of these is a formula to a spreadsheet program; exports quote it
# so an idea titled "=HYPERLINK(...)" stays text (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    name: str
    headers: list[str]
    rows: Iterable[tuple]


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _period(queryset, field: str, start: date | None, end: date | None, *, is_date=False):
    if start:
        bound = start if is_date else timezone.make_aware(datetime.combine(start, time.min))
        queryset = queryset.filter(**{f"{field}__gte": bound})
    if end:
        if is_date:
            queryset = queryset.filter(**{f"{field}__lte": end})
        else:
            until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
            queryset = queryset.filter(**{f"{field}__lt": until})
    return queryset


# What each table counts a row by: the period applies to this field, and the rows come in its
# order (then the primary key's). The model is named for the export jobs, which re-read it.
SELECTIONS = {
    "ideas": ("ideas.Idea", "submitted_at", False),
    "groups": ("workgroups.WorkingGroup", "starts_on", True),
    "members": ("resourcebank.Member", "registered_at", False),
}


# The resource bank is public and every staff member sees every member (resourcebank.admin);
# only contact details are kept to the member's municipality, and this export has none.
SEEN_BY_ALL_STAFF = {"members"}


def export_scope(*, kind: str, queryset, user):
    """`queryset` narrowed to the rows of `kind` that `user` may export: ideas and working
    groups of their municipalities (shared ones included), every row for the region's
    coordinators; members as the list shows them, every one. Applied to what the changelist
    hands the action and again to each chunk an export job re-reads by primary key, so
    neither a forged selection nor a row handed to another municipality since the snapshot
    ends up in the file."""
    if kind in SEEN_BY_ALL_STAFF:
        return queryset
    return staff_scope(user).filter(queryset)


def export_selection(*, kind: str, queryset, start: date | None, end: date | None):
    """The rows an export of `kind` takes from `queryset` in the period, in the file's order."""
    _model, field, is_date = SELECTIONS[kind]
    return _period(queryset, field, start, end, is_date=is_date).order_by(field, "pk")


def _ordered_agg() -> bool:
    # SQLite before 3.44 (the quick start on older systems) cannot order inside an aggregate.
    return connection.features.supports_aggregate_order_by_clause


def _joined(through, owner: str, name: str) -> Subquery:
    """The names behind a many-to-many, joined with "; ", in a correlated subquery.

    A subquery per relation, not a join: two joins in one query would multiply the rows.
    """
    return Subquery(
        through.objects.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(joined=StringAgg(name, Value("; "), order_by=name if _ordered_agg() else None))
        .values("joined")[:1]
    )


def _counted(model, owner: str) -> Coalesce:
    return Coalesce(
        Subquery(
            model.objects.filter(**{owner: OuterRef("pk")})
            .order_by()
            .values(owner)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def ideas_table(*, queryset, start: date | None = None, end: date | None = None) -> Table:
    from ideas.models import CollaborationKind, Idea, OrganisationType
    from ideas.stages import Stage
    from workgroups.models import WorkingGroup

    queryset = export_selection(kind="ideas", queryset=queryset, start=start, end=end)
    stages, types, kinds = (
        _labels(Stage.choices),
        _labels(OrganisationType.choices),
        _labels(CollaborationKind.choices),
    )
    rows = queryset.annotate(
        areas=_joined(Idea.focus_areas.through, "idea", "focusarea__name"),
        places=_joined(Idea.municipalities.through, "idea", "municipality__name"),
        groups=_counted(WorkingGroup.ideas.through, "idea"),
    ).values_list(
        "reference",
        "title",
        "stage",
        "stage_changed_at",
        "organisation_type",
        "organisation_name",
        "collaboration_kind",
        "areas",
        "handled_by__name",
        "wants_to_take_part",
        "submitted_at",
        "revive_on",
        "groups",
        "is_public",
        "places",
    )
    headers = [
        _("reference"),
        _("title"),
        _("stage"),
        _("in this stage since"),
        _("type of organisation"),
        _("organisation"),
        _("kind of collaboration sought"),
        _("focus areas"),
        _("handled by"),
        _("wants to take part"),
        _("submitted"),
        _("revive on"),
        _("working groups"),
        _("shown publicly"),
        _("municipalities concerned"),
    ]

    def generate() -> Iterator[tuple]:
        for row in rows.iterator(chunk_size=CHUNK):
            row = list(row)
            row[2] = stages.get(row[2], row[2])
            row[4] = types.get(row[4], row[4])
            row[6] = kinds.get(row[6], row[6])
            row[14] = _places(row[14])
            yield tuple(row)

    return Table(name="ideas", headers=headers, rows=generate())


def _places(names: str | None) -> str:
    """The municipalities' names a row belongs to, or the whole region's when none."""
    return names or _("The whole region")


def groups_table(*, queryset, start: date | None = None, end: date | None = None) -> Table:
    from workgroups.models import Participant, Report, WorkingGroup

    queryset = export_selection(kind="groups", queryset=queryset, start=start, end=end)
    statuses = _labels(WorkingGroup.Status.choices)
    # Counted in subqueries, not joins: participants × reports × ideas would multiply.
    rows = queryset.annotate(
        idea_refs=_joined(WorkingGroup.ideas.through, "workinggroup", "idea__reference"),
        places=_joined(WorkingGroup.municipalities.through, "workinggroup", "municipality__name"),
    ).values_list(
        "pk",
        "name",
        "status",
        "starts_on",
        "ends_on",
        "cadence_days",
        "next_report_due",
        "created_at",
        "paused_at",
        "completed_at",
        "is_public",
        "idea_refs",
        "places",
    )

    def generate() -> Iterator[tuple]:
        # Groups number in the hundreds, not the hundreds of thousands: two more queries
        # count their participants and reports for the whole list at once.
        materialised = list(rows)
        pks = [row[0] for row in materialised]
        sides = {
            (r["group_id"], r["side"]): r["n"]
            for r in Participant.objects.filter(group_id__in=pks)
            .values("group_id", "side")
            .annotate(n=Count("pk"))
            .order_by()
        }
        reports = {
            r["group_id"]: (r["progress"], r["final"])
            for r in Report.objects.filter(group_id__in=pks)
            .values("group_id")
            .annotate(
                progress=Count("pk", filter=Q(kind=Report.Kind.PROGRESS)),
                final=Count("pk", filter=Q(kind=Report.Kind.FINAL)),
            )
            .order_by()
        }
        for row in materialised:
            pk = row[0]
            progress, final = reports.get(pk, (0, 0))
            yield (
                row[1],
                statuses.get(row[2], row[2]),
                *row[3:11],
                row[11],
                sides.get((pk, Participant.Side.BUSINESS), 0),
                sides.get((pk, Participant.Side.MUNICIPAL), 0),
                progress,
                final,
                _places(row[12]),
            )

    headers = [
        _("name"),
        _("status"),
        _("starts"),
        _("planned end"),
        _("reporting cadence (days)"),
        _("next report due"),
        _("created"),
        _("paused"),
        _("completed"),
        _("shown publicly"),
        _("ideas"),
        _("business participants"),
        _("municipal participants"),
        _("progress reports"),
        _("final report"),
        _("municipalities"),
    ]
    return Table(name="working-groups", headers=headers, rows=generate())


def members_table(*, queryset, start: date | None = None, end: date | None = None) -> Table:
    from resourcebank.models import Member, Scope
    from workgroups.models import Participant

    queryset = export_selection(kind="members", queryset=queryset, start=start, end=end)
    statuses, scopes = _labels(Member.Status.choices), _labels(Scope.choices)
    rows = queryset.annotate(
        sector_names=_joined(Member.sectors.through, "member", "sector__name"),
        area_names=_joined(Member.focus_areas.through, "member", "focusarea__name"),
        groups=_counted(Participant, "member"),
    ).values_list(
        "public_id",
        "status",
        "company_name",
        "municipality__name",
        "sector_names",
        "area_names",
        "scope",
        "registered_at",
        "confirmed_at",
        "withdrawn_at",
        "groups",
    )
    headers = [
        _("member id"),
        _("status"),
        _("company"),
        _("municipality"),
        _("sectors"),
        _("focus areas"),
        _("interest"),
        _("registered"),
        _("confirmed"),
        _("withdrawn"),
        _("working groups"),
    ]

    def generate() -> Iterator[tuple]:
        for row in rows.iterator(chunk_size=CHUNK):
            public_id, status, company, *rest = row
            # A withdrawn member keeps only what statistics need; so does the export.
            company = "" if status == Member.Status.WITHDRAWN else company
            rest[2] = scopes.get(rest[2], rest[2])
            yield (str(public_id), statuses.get(status, status), company, *rest)

    return Table(name="members", headers=headers, rows=generate())


TABLES = {"ideas": ideas_table, "groups": groups_table, "members": members_table}


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    # The byte-order mark makes Excel read the file as UTF-8 (å, ä, ö, ø).
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31])
    header = []
    for title in table.headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    sheet.freeze_panes = "A2"
    for row in table.rows:
        sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_bytes(table: Table, export_format: str) -> bytes:
    return table_xlsx(table) if export_format == "xlsx" else table_csv(table)


def export_filename(name: str, export_format: str, when: datetime | None = None) -> str:
    stamp = timezone.localtime(when).strftime("%Y%m%d-%H%M")
    return f"{name}-{stamp}.{export_format}"


def file_response(*, body: bytes, filename: str, export_format: str) -> HttpResponse:
    """A finished export as a download that no cache keeps."""
    response = HttpResponse(body, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def export_response(*, table: Table, export_format: str) -> HttpResponse:
    return file_response(
        body=table_bytes(table, export_format),
        filename=export_filename(table.name, export_format),
        export_format=export_format,
    )


def export_audit(*, user, model, export_format: str, rows: int) -> None:
    """Log who took personal-data-adjacent figures out of the portal (inline or as a job)."""
    audit_record(
        user=user,
        action=AuditEvent.Action.EXPORTED,
        subject=_("%(things)s for evaluation") % {"things": model._meta.verbose_name_plural},
        detail=f"{export_format}, {rows}",
    )
