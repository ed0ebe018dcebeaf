"""Reads for the follow-up dashboard, the yearly report and the reminder digests.

Every figure is an aggregate computed by the database; Python only arranges the handful of
rows that come back (at most a dozen months, eight stages, a few years). The dashboard runs a
fixed number of queries however many ideas there are.

Every read takes a `scope` (core.regions.StaffScope) and counts only the rows in it: the
figures of one municipality, of several, or of the whole region. `followup_where` turns a
person and their choice (`?municipality=<address name>` or `region`) into that scope; no
figure is ever narrowed anywhere else (not in views, not in templates).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from core.filters import municipality_narrow
from core.models import FocusArea, Municipality
from core.regions import OutOfScope, StaffScope, staff_scope
from ideas.models import Idea, OrganisationType, StageChange
from ideas.stages import TERMINAL, Stage
from knowledgebank.models import Entry, EntryStatus
from projects.models import Project
from resourcebank.models import Member
from workgroups.models import Report, WorkingGroup

from . import charts

LIST_LIMIT = 20
# Stages in which an idea waits for the business unit to screen it.
WAITING_FOR_SCREENING = (Stage.SUBMITTED, Stage.SCREENING)


def months_back(*, today: date, count: int = 12) -> list[date]:
    """The first days of the last `count` months, oldest first, this month last."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: list[int]


@dataclass(frozen=True)
class Monthly:
    months: list[date]
    series: list[Series]

    @property
    def totals(self) -> list[int]:
        return [sum(column) for column in zip(*(s.values for s in self.series), strict=True)]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float | int
    extra: int | None = None


@dataclass
class Listing:
    total: int
    items: list = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)


def ideas_per_month_by_type(*, scope: StaffScope, today: date, count: int = 12) -> Monthly:
    months = months_back(today=today, count=count)
    rows = (
        scope.filter(Idea.objects.filter(submitted_at__gte=_start_of(months[0])))
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", "organisation_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {
        (
            timezone.localtime(r["month"]).date()
            if isinstance(r["month"], datetime)
            else r["month"],
            r["organisation_type"],
        ): r["n"]
        for r in rows
    }
    return Monthly(
        months=months,
        series=[
            Series(key=t.value, label=t.label, values=[found.get((m, t.value), 0) for m in months])
            for t in OrganisationType
        ],
    )


def ideas_per_stage(*, scope: StaffScope) -> list[Figure]:
    rows = dict(
        scope.filter(Idea.objects.all()).values_list("stage").annotate(n=Count("pk")).order_by()
    )
    return [Figure(key=s.value, label=s.label, value=rows.get(s.value, 0)) for s in Stage]


# How long each finished stay in a stage lasted: from the change that entered the stage to the
# next change of the same idea. Terminal stages are never left, so they have no duration.
_STAYS = """
    SELECT to_stage, at AS entered_at,
           LEAD(at) OVER (PARTITION BY idea_id ORDER BY at, id) AS left_at
    FROM {table}
    {where}
"""

_MEDIAN_POSTGRES = """
    WITH stays AS ({stays})
    SELECT to_stage,
           percentile_cont(0.5) WITHIN GROUP (
               ORDER BY EXTRACT(EPOCH FROM left_at - entered_at)
           ) / 86400.0,
           COUNT(*)
    FROM stays
    WHERE left_at IS NOT NULL
    GROUP BY to_stage
"""

# SQLite (the quick start) has window functions but no percentile_cont: the median is the
# mean of the middle one or two durations, picked with ROW_NUMBER in the database as well.
_MEDIAN_GENERIC = """
    WITH stays AS ({stays}),
    durations AS (
        SELECT to_stage, julianday(left_at) - julianday(entered_at) AS days
        FROM stays WHERE left_at IS NOT NULL
    ),
    ranked AS (
        SELECT to_stage, days,
               ROW_NUMBER() OVER (PARTITION BY to_stage ORDER BY days) AS rn,
               COUNT(*) OVER (PARTITION BY to_stage) AS cnt
        FROM durations
    )
    SELECT to_stage, AVG(days), MAX(cnt)
    FROM ranked
    WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2)
    GROUP BY to_stage
"""


def _stays_where(scope: StaffScope) -> tuple[str, list] | None:
    """The WHERE clause that keeps the stage changes of the ideas in `scope` (empty for the
    whole region), or None when no idea can be in it."""
    if scope.region:
        return "", []
    ideas = scope.filter(Idea.objects.all()).values("pk")
    try:
        sql, params = ideas.query.sql_with_params()
    except EmptyResultSet:
        return None
    column = connection.ops.quote_name(StageChange._meta.get_field("idea").column)
    return f"WHERE {column} IN ({sql})", list(params)


def median_days_per_stage(*, scope: StaffScope) -> list[Figure]:
    """Median days an idea spent in each stage it has left (value), and how many stays that is
    (extra). Stays still going on are not counted: the waiting lists below show those."""
    rows = {}
    where = _stays_where(scope)
    if where is not None:
        stays = _STAYS.format(
            table=connection.ops.quote_name(StageChange._meta.db_table), where=where[0]
        )
        template = _MEDIAN_POSTGRES if connection.vendor == "postgresql" else _MEDIAN_GENERIC
        with connection.cursor() as cursor:
            cursor.execute(template.format(stays=stays), where[1])
            rows = {stage: (float(median), count) for stage, median, count in cursor.fetchall()}
    return [
        Figure(
            key=s.value,
            label=s.label,
            value=round(rows.get(s.value, (0, 0))[0], 1),
            extra=rows.get(s.value, (0, 0))[1],
        )
        for s in Stage
        if s not in TERMINAL
    ]


def ideas_stalled(
    *, scope: StaffScope, now: datetime | None = None, limit: int = LIST_LIMIT
) -> Listing:
    """Ideas waiting for or in screening for longer than MEETREGION_SCREENING_STALE_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MEETREGION_SCREENING_STALE_DAYS)
    queryset = scope.filter(
        Idea.objects.filter(stage__in=WAITING_FOR_SCREENING, stage_changed_at__lt=cutoff)
    )
    items = list(
        queryset.order_by("stage_changed_at", "pk").values(
            "pk", "reference", "title", "stage", "stage_changed_at"
        )[:limit]
    )
    for item in items:
        item["days"] = (now - item["stage_changed_at"]).days
        item["stage_label"] = Stage(item["stage"]).label
    return Listing(total=queryset.count() if len(items) == limit else len(items), items=items)


def ideas_to_revive(
    *, scope: StaffScope, today: date | None = None, limit: int = LIST_LIMIT
) -> Listing:
    """Paused ideas whose revive date has come."""
    today = today or timezone.localdate()
    queryset = scope.filter(Idea.objects.filter(stage=Stage.PAUSED, revive_on__lte=today))
    items = list(
        queryset.order_by("revive_on", "pk").values("pk", "reference", "title", "revive_on")[:limit]
    )
    return Listing(total=queryset.count() if len(items) == limit else len(items), items=items)


def groups_active(*, scope: StaffScope, limit: int = LIST_LIMIT) -> Listing:
    queryset = scope.filter(WorkingGroup.objects.active())
    items = list(
        queryset.order_by("-starts_on", "pk").values("pk", "name", "starts_on", "next_report_due")[
            :limit
        ]
    )
    return Listing(total=queryset.count() if len(items) == limit else len(items), items=items)


def groups_overdue(
    *, scope: StaffScope, today: date | None = None, limit: int = LIST_LIMIT
) -> Listing:
    today = today or timezone.localdate()
    queryset = scope.filter(WorkingGroup.objects.overdue(today))
    items = list(
        queryset.order_by("next_report_due", "pk").values("pk", "name", "next_report_due")[:limit]
    )
    for item in items:
        item["days"] = (today - item["next_report_due"]).days
    return Listing(total=queryset.count() if len(items) == limit else len(items), items=items)


def members_per_month(*, scope: StaffScope, today: date, count: int = 12) -> Monthly:
    """New confirmed members per month, and how many had been confirmed by each month's end.

    One pass over the members: a filtered count per month and per month's end.
    """
    months = months_back(today=today, count=count)
    ends = [*months[1:], _next_month(months[-1])]
    counts = scope.filter(Member.objects.all()).aggregate(
        **{
            f"new_{i}": Count(
                "pk", filter=Q(confirmed_at__gte=_start_of(m), confirmed_at__lt=_start_of(e))
            )
            for i, (m, e) in enumerate(zip(months, ends, strict=True))
        },
        **{
            f"total_{i}": Count("pk", filter=Q(confirmed_at__lt=_start_of(e)))
            for i, e in enumerate(ends)
        },
    )
    return Monthly(
        months=months,
        series=[
            Series(key="new", label="new", values=[counts[f"new_{i}"] for i in range(count)]),
            Series(key="total", label="total", values=[counts[f"total_{i}"] for i in range(count)]),
        ],
    )


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def entries_per_year(*, scope: StaffScope) -> list[Figure]:
    """Published knowledge-bank entries by the year they were published."""
    rows = (
        scope.filter(Entry.objects.filter(status=EntryStatus.PUBLISHED, published_at__isnull=False))
        .annotate(published_year=ExtractYear("published_at"))
        .values_list("published_year")
        .annotate(n=Count("pk"))
        .order_by("published_year")
    )
    return [Figure(key=str(year), label=str(year), value=n) for year, n in rows]


@dataclass
class Statistics:
    """The dashboard's charts: aggregates over every idea and member, cached for a while."""

    computed_at: datetime
    ideas_per_month: Monthly
    ideas_per_stage: list[Figure]
    median_days: list[Figure]
    members_per_month: Monthly
    entries_per_year: list[Figure]
    # Names this computation: what is drawn from it (followup.views.charts_html) is kept
    # under it, so a recomputation, even within the same microsecond, is drawn afresh.
    computation: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class Dashboard:
    today: date
    stale_days: int
    statistics: Statistics
    stalled: Listing
    to_revive: Listing
    active_groups: Listing
    overdue_groups: Listing


def dashboard_statistics(*, scope: StaffScope, now: datetime) -> Statistics:
    today = timezone.localdate(now)
    return Statistics(
        computed_at=now,
        ideas_per_month=ideas_per_month_by_type(scope=scope, today=today),
        ideas_per_stage=ideas_per_stage(scope=scope),
        median_days=median_days_per_stage(scope=scope),
        members_per_month=members_per_month(scope=scope, today=today),
        entries_per_year=entries_per_year(scope=scope),
    )


def scope_key(scope: StaffScope) -> str:
    """A name for the rows `scope` counts, the same for everyone who counts the same rows:
    "region", or the municipalities' ids ("m3-7")."""
    return "region" if scope.region else "m" + "-".join(map(str, scope.label_ids))


def dashboard_statistics_cached(
    *, scope: StaffScope, now: datetime, refresh: bool = False
) -> Statistics:
    """The statistics from the cache, computed at most every MEETREGION_DASHBOARD_CACHE_SECONDS.

    At 100,000 ideas they take about half a second of database work (the median stay in each
    stage reads every stage change), and they answer questions of months, not minutes. The
    lists of what needs doing now (stalled ideas, revivals, overdue reports) are never cached.
    """
    seconds = settings.MEETREGION_DASHBOARD_CACHE_SECONDS
    # The day is in the key: the months shown change at midnight. So is the scope: figures
    # counted for one municipality are never handed to another (nor the region's to either);
    # staff of the same municipalities share one entry.
    key = f"followup:statistics:v3:{timezone.localdate(now).isoformat()}:{scope_key(scope)}"
    statistics = None if refresh or seconds <= 0 else cache.get(key)
    if statistics is None:
        statistics = dashboard_statistics(scope=scope, now=now)
        if seconds > 0:
            cache.set(key, statistics, seconds)
    return statistics


def dashboard(
    *, scope: StaffScope, now: datetime | None = None, refresh: bool = False
) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    return Dashboard(
        today=today,
        stale_days=settings.MEETREGION_SCREENING_STALE_DAYS,
        statistics=dashboard_statistics_cached(scope=scope, now=now, refresh=refresh),
        stalled=ideas_stalled(scope=scope, now=now),
        to_revive=ideas_to_revive(scope=scope, today=today),
        active_groups=groups_active(scope=scope),
        overdue_groups=groups_overdue(scope=scope, today=today),
    )


# --- Whose figures ------------------------------------------------------------------------

REGION_CHOICE = "region"


@dataclass(frozen=True)
class Where:
    """Whose figures the dashboard or the report shows: the scope they are counted in, its
    name, what `?municipality=` says for it, and every choice the person has."""

    scope: StaffScope
    value: str  # "region", a municipality's address name, or "" (all of one's own)
    label: str
    choices: list[tuple[str, str]]
    municipality: Municipality | None = None  # the one municipality chosen, if one

    def query(self, **more) -> str:
        """The query string that keeps this choice, with `more` parameters."""
        params = {"municipality": self.value} if self.value else {}
        return urlencode({**params, **more})


def followup_where(*, user, choice: str | None = None) -> Where | None:
    """Where `user` sees the follow-up for.

    `choice` is "region" (the whole region: the coordinating unit only), a municipality's
    address name (one in the person's scope), or empty for the default: the whole region for
    coordinators, and for a municipality's staff their own municipalities (all of them
    together when several). None when the person works for no municipality and not for the
    region either: there is nothing they may see. A municipality outside their scope raises
    OutOfScope (403); an address name that names none, Municipality.DoesNotExist (404).
    """
    scope = staff_scope(user)
    if scope.empty:
        return None
    municipalities = Municipality.objects.all()
    if not scope.region:
        municipalities = municipalities.filter(pk__in=scope.label_ids)
    municipalities = list(municipalities)
    if scope.region:
        value, label, only = REGION_CHOICE, gettext("The whole region"), None
    elif len(municipalities) == 1:
        only = municipalities[0]
        value, label = only.slug, only.name
    else:
        value, label, only = "", ", ".join(m.name for m in municipalities), None
    choices = [(m.slug, m.name) for m in municipalities]
    if only is None:
        choices.insert(0, (value, label))
    if not choice or choice == value:
        return Where(scope=scope, value=value, label=label, choices=choices, municipality=only)
    if choice == REGION_CHOICE:
        raise OutOfScope(gettext("Only the region's coordinating unit sees the whole region."))
    chosen = next((m for m in municipalities if m.slug == choice), None)
    if chosen is None:
        chosen = Municipality.objects.get(slug=choice)  # none by that name: DoesNotExist
    return Where(
        scope=scope.narrowed({chosen.pk}),
        value=chosen.slug,
        label=chosen.name,
        choices=choices,
        municipality=chosen,
    )


# --- The yearly report --------------------------------------------------------------------


@dataclass
class YearlyReport:
    start: date
    end: date
    ideas_total: int
    by_stage: list[Figure]
    by_type: list[Figure]
    crosstab: list[tuple[str, list[int], int]]
    moves: list[Figure]
    members_joined: int
    groups_started: list[dict]
    groups_finished: list[dict]
    final_reports: int
    entries_published: list[dict]


def yearly_report(*, scope: StaffScope, start: date, end: date) -> YearlyReport:
    """What happened from `start` to `end` (both inclusive) in `scope`, for the board."""
    since, until = _start_of(start), _start_of(end + timedelta(days=1))
    ideas = scope.filter(Idea.objects.filter(submitted_at__gte=since, submitted_at__lt=until))
    stage_of = {s.value: s for s in Stage}
    counts = ideas.aggregate(
        total=Count("pk"),
        **{f"stage_{s.value}": Count("pk", filter=Q(stage=s)) for s in Stage},
        **{f"type_{t.value}": Count("pk", filter=Q(organisation_type=t)) for t in OrganisationType},
    )
    cells = {
        (row["stage"], row["organisation_type"]): row["n"]
        for row in ideas.values("stage", "organisation_type").annotate(n=Count("pk")).order_by()
    }
    crosstab = [
        (
            stage_of[s].label,
            [cells.get((s, t.value), 0) for t in OrganisationType],
            counts[f"stage_{s}"],
        )
        for s in Stage.values
    ]
    # A move counts where its idea belongs (the idea's own rule, through its path).
    changes = StageChange.objects.filter(at__gte=since, at__lt=until).exclude(from_stage="")
    moves = dict(
        scope.filter(changes, f"idea__{Idea.REGION_SCOPE}")
        .values_list("to_stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups = scope.filter(WorkingGroup.objects.order_by("starts_on", "pk"))
    started = list(
        groups.filter(starts_on__gte=start, starts_on__lte=end).values(
            "pk", "name", "starts_on", "status"
        )
    )
    for group in started:
        group["status_label"] = WorkingGroup.Status(group["status"]).label
    return YearlyReport(
        start=start,
        end=end,
        ideas_total=counts["total"],
        by_stage=[
            Figure(key=s.value, label=s.label, value=counts[f"stage_{s.value}"]) for s in Stage
        ],
        by_type=[
            Figure(key=t.value, label=t.label, value=counts[f"type_{t.value}"])
            for t in OrganisationType
        ],
        crosstab=crosstab,
        moves=[
            Figure(key=s.value, label=s.label, value=moves.get(s.value, 0))
            for s in Stage
            if s != Stage.SUBMITTED
        ],
        members_joined=scope.filter(
            Member.objects.filter(confirmed_at__gte=since, confirmed_at__lt=until)
        ).count(),
        groups_started=started,
        groups_finished=list(
            groups.filter(completed_at__gte=since, completed_at__lt=until)
            .order_by("completed_at", "pk")
            .values("pk", "name", "starts_on", "completed_at")
        ),
        final_reports=scope.filter(
            Report.objects.filter(kind=Report.Kind.FINAL, filed_at__gte=since, filed_at__lt=until),
            f"group__{WorkingGroup.REGION_SCOPE}",
        ).count(),
        entries_published=list(
            scope.filter(
                Entry.objects.filter(
                    status=EntryStatus.PUBLISHED, published_at__gte=since, published_at__lt=until
                )
            )
            .order_by("published_at", "pk")
            .values("pk", "title", "slug", "year", "published_at")
        ),
    )


@dataclass(frozen=True)
class PublicChart:
    """A small chart for the public pages and the table that gives the same figures."""

    chart: object  # followup.charts.Chart
    caption: str
    label_heading: str
    value_heading: str
    rows: list[tuple[str, int]]


def _short(label: str, length: int = 26) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def public_charts(*, municipality: Municipality | None = None) -> list[PublicChart]:
    """The home page's (or one municipality's page's) figures drawn: finished collaborations
    per year in the knowledge bank, and ongoing public projects per focus area. Public rows
    only, two GROUP BY queries whatever the data size."""
    entries = municipality_narrow(Entry.objects.published().exclude(year=None), municipality)
    per_year = list(
        entries.order_by().values_list("year").annotate(n=Count("pk")).order_by("year")
    )[-8:]
    projects = municipality_narrow(Project.objects.public().active(), municipality)
    per_area = [
        (area.name, area.n)
        for area in FocusArea.objects.active()
        .for_municipalities([municipality] if municipality else [])
        .annotate(n=Count("projects", filter=Q(projects__in=projects.values("pk")), distinct=True))
        .order_by("-n", "order", "name")
        if area.n
    ][:6]
    found = []
    if per_year:
        title = gettext("Finished collaborations per year")
        found.append(
            PublicChart(
                chart=charts.column_chart(
                    id="chart-results-per-year",
                    title=title,
                    categories=[str(year) for year, _n in per_year],
                    series=[(gettext("collaborations"), [n for _year, n in per_year])],
                    plot_height=140,
                ),
                caption=gettext("Finished collaborations per year (figures)"),
                label_heading=gettext("Year"),
                value_heading=gettext("Collaborations"),
                rows=[(str(year), n) for year, n in per_year],
            )
        )
    if per_area:
        title = gettext("Ongoing projects per focus area")
        found.append(
            PublicChart(
                # Long names are shortened in the drawing only; the table gives them whole.
                chart=charts.bar_chart(
                    id="chart-projects-per-area",
                    title=title,
                    items=[(_short(name), n) for name, n in per_area],
                ),
                caption=gettext("Ongoing projects per focus area (figures)"),
                label_heading=gettext("Focus area"),
                value_heading=gettext("Projects"),
                rows=per_area,
            )
        )
    return found
