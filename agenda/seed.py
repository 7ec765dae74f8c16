"""Load the portal's reference data: the delegations, the body, its agenda and its sessions.

The data lives in files inside the project (delegations/data/, agenda/data/), never in
../shared, so a deployed portal seeds itself. Loading is idempotent: rows are found by
their natural key and saved only when a value differs, so a second run changes nothing.
"""

import csv
import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import transaction

from delegations.models import Delegation
from delegations.names import translated_names, translated_short_names

from .models import AgendaItem, Body, Session

AGENDA_DATA = Path(apps.get_app_config("agenda").path) / "data"
DELEGATION_DATA = Path(apps.get_app_config("delegations").path) / "data"
BODY_FILE = AGENDA_DATA / "oewg-2021-2025.json"
DELEGATIONS_FILE = DELEGATION_DATA / "un-delegations.csv"
SHORT_NAMES_FILE = DELEGATION_DATA / "short-names.csv"

# The CSV names the kinds in words; the model keeps short codes.
DELEGATION_KINDS = {
    "member_state": Delegation.Kind.MEMBER_STATE,
    "observer_state": Delegation.Kind.OBSERVER_STATE,
    "intergovernmental_organisation": Delegation.Kind.IGO,
    "igo": Delegation.Kind.IGO,
}


@dataclass
class SeedReport:
    """How many rows of each kind a run created, updated, or found as they should be."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def count(self, label: str, outcome: str) -> None:
        self.counts.setdefault(label, Counter())[outcome] += 1

    def get(self, label: str, outcome: str) -> int:
        return self.counts.get(label, Counter())[outcome]

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{label}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for label, c in self.counts.items()
        ]


def upsert(
    model,
    report: SeedReport,
    label: str,
    *,
    lookup: dict,
    values: dict,
    create_values: dict | None = None,
    translations: dict | None = None,
):
    """Find a row by its natural key; create it, or save it only if `values` differ.

    `create_values` are used only when the row is new: data that people change in the
    portal afterwards (a session's deadline) is not reset by the next seed.
    `translations` ({"title_i18n": {"fr": ...}}) only fill languages the row lacks: a
    translation the Secretariat corrected in the admin is kept.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**{**lookup, **values, **(create_values or {}), **(translations or {})})
        report.count(label, "created")
        return obj
    values = {
        **values,
        **{name: {**seeded, **(getattr(obj, name) or {})} for name, seeded in (translations or {}).items()},
    }
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(label, "updated")
    else:
        report.count(label, "unchanged")
    return obj


def default_deadline(first_day: datetime.date, rule: dict | None = None) -> datetime.datetime:
    """The portal's convention: two weeks before the first day, 18:00 in New York."""
    rule = rule or {"days_before_first_day": 14, "time": "18:00", "time_zone": "America/New_York"}
    day = first_day - datetime.timedelta(days=rule["days_before_first_day"])
    return datetime.datetime.combine(day, datetime.time.fromisoformat(rule["time"]), tzinfo=ZoneInfo(rule["time_zone"]))


def load_delegations(report: SeedReport, *, path: Path = DELEGATIONS_FILE) -> None:
    with SHORT_NAMES_FILE.open(encoding="utf-8") as handle:
        short_names = {row["name"]: row["short_name"] for row in csv.DictReader(handle)}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name, iso2 = row["name"].strip(), row["iso2"].strip()
            short_name = short_names.get(name, "")
            upsert(
                Delegation,
                report,
                "Delegations",
                lookup={"name": name},
                values={
                    "kind": DELEGATION_KINDS[row["kind"].strip()],
                    "short_name": short_name,
                    "iso3": row["iso3"].strip(),
                    "iso2": iso2,
                },
                translations={
                    "name_i18n": translated_names(name=name, iso2=iso2),
                    "short_name_i18n": translated_short_names(name=name, iso2=iso2) if short_name else {},
                },
            )


def translations_of(row: dict) -> dict:
    """The `<field>_i18n` entries of one row of the data file."""
    return {key: value for key, value in row.items() if key.endswith("_i18n")}


def load_body(report: SeedReport, *, path: Path = BODY_FILE) -> Body:
    data = json.loads(path.read_text(encoding="utf-8"))
    body_values = {key: value for key, value in data["body"].items() if not key.endswith("_i18n")}
    body = upsert(
        Body,
        report,
        "Bodies",
        lookup={"name": data["body"]["name"]},
        values=body_values,
        translations=translations_of(data["body"]),
    )
    order = 0
    for item in data["agenda"]:
        order += 10
        parent = upsert(
            AgendaItem,
            report,
            "Agenda items",
            lookup={"body": body, "code": item["code"]},
            values={"title": item["title"], "order": order, "parent": None},
            translations=translations_of(item),
        )
        for offset, sub_item in enumerate(item.get("sub_items", []), start=1):
            upsert(
                AgendaItem,
                report,
                "Agenda items",
                lookup={"body": body, "code": sub_item["code"]},
                values={"title": sub_item["title"], "order": order + offset, "parent": parent},
                translations=translations_of(sub_item),
            )
    for session in data["sessions"]:
        start = datetime.date.fromisoformat(session["start"])
        deadline = (
            datetime.datetime.fromisoformat(session["deadline"])
            if session.get("deadline")
            else default_deadline(start, data.get("deadline_rule"))
        )
        upsert(
            Session,
            report,
            "Sessions",
            lookup={"body": body, "title": session["title"]},
            values={
                "number": session["number"],
                "start_date": start,
                "end_date": datetime.date.fromisoformat(session["end"]),
                "notes": session.get("notes", ""),
            },
            # The Secretariat may move a deadline; a later seed must not move it back.
            create_values={"submission_deadline": deadline},
            translations=translations_of(session),
        )
    return body


@transaction.atomic
def load_reference_data(report: SeedReport | None = None) -> SeedReport:
    """Delegations, the body, its agenda and sessions, from the project's data files."""
    report = report or SeedReport()
    load_delegations(report)
    load_body(report)
    return report


def seeded_body() -> Body:
    """The body that the data file describes (the demo data belongs to it)."""
    return Body.objects.get(name=json.loads(BODY_FILE.read_text(encoding="utf-8"))["body"]["name"])
