"""Members to and from CSV: the admin's import (with a preview) and export."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.models import FocusArea, Municipality

from .forms import ImportRowForm
from .models import Member, Sector

COLUMNS = [
    "name",
    "role",
    "company",
    "organisation_number",
    "email",
    "phone",
    "municipality",
    "sectors",
    "focus_areas",
    "scope",
    "idea_reference",
]
EXPORT_COLUMNS = [*COLUMNS, "status", "registered_at", "confirmed_at", "withdrawn_at"]
MAX_ROWS = 2000


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    cleaned: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _names(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _lookup(model, names: list[str], what: str, errors: list[str]) -> list[int]:
    found = {obj.name.lower(): obj.pk for obj in model.objects.active()}
    pks = []
    for name in names:
        if name.lower() in found:
            pks.append(found[name.lower()])
        else:
            errors.append(_("Unknown %(what)s “%(name)s”.") % {"what": what, "name": name})
    return pks


def members_csv_parse(*, text: str) -> tuple[list[ImportRow], list[str]]:
    """Validate every row as a registration would be; return the rows and file-level errors."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [_("The header row lacks these columns: %s") % ", ".join(missing)]
    rows, seen = [], set()
    for number, values in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            return rows, [_("At most %d rows can be imported at once.") % MAX_ROWS]
        values = {k: (v or "").strip() for k, v in values.items() if k in COLUMNS}
        row = ImportRow(line=number, values=values)
        municipality = _lookup(
            Municipality, _names(values["municipality"]), _("municipality"), row.errors
        )
        data = {
            "name": values["name"],
            "role": values["role"],
            "company_name": values["company"],
            "organisation_number": values["organisation_number"],
            "email": values["email"],
            "phone": values["phone"],
            "municipality": municipality[0] if municipality else "",
            "sectors": _lookup(Sector, _names(values["sectors"]), _("sector"), row.errors),
            "focus_areas": _lookup(
                FocusArea, _names(values["focus_areas"]), _("focus area"), row.errors
            ),
            "scope": values["scope"],
            "idea_reference": values["idea_reference"],
        }
        form = ImportRowForm(data)
        if form.is_valid() and not row.errors:
            row.cleaned = form.cleaned_data
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            row.errors.extend(f"{label}: {error}" if label else error for error in errors)
        address = values["email"].lower()
        if address and address in seen:
            row.errors.append(_("This e-mail address appears twice in the file."))
            row.cleaned = None
        seen.add(address)
        rows.append(row)
    return rows, []


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A cell that starts like a formula would run in a spreadsheet; make it plain text.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def members_csv_export(*, members) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    members = members.select_related("municipality", "idea").prefetch_related(
        "sectors", "focus_areas"
    )
    for m in members:
        writer.writerow(
            _cell(v)
            for v in [
                m.name,
                m.role,
                m.company_name,
                m.organisation_number,
                m.email,
                m.phone,
                m.municipality.name,
                "; ".join(s.name for s in m.sectors.all()),
                "; ".join(f.name for f in m.focus_areas.all()),
                m.scope,
                m.idea.reference if m.idea_id else "",
                m.status,
                m.registered_at.isoformat(),
                m.confirmed_at.isoformat() if m.confirmed_at else "",
                m.withdrawn_at.isoformat() if m.withdrawn_at else "",
            ]
        )
    return out.getvalue()


def member_csv_rows_for_import(rows: list[ImportRow]) -> list[dict]:
    return [{**row.cleaned} for row in rows if row.ok and row.cleaned]


__all__ = ["COLUMNS", "Member", "members_csv_export", "members_csv_parse"]
