"""Exports of the queue: the current view as CSV and as an Excel workbook, and of a selection."""

import csv
import io

import pytest
from django.conf import settings
from openpyxl import load_workbook

from review.assignment import assign
from submissions.models import Submission
from tests.factories import AgendaItemFactory, DelegationFactory

from .queue_data import make_submissions

HEADER = [
    "Reference",
    "Title",
    "Delegation",
    "Co-sponsors",
    "Sub-items",
    "Kind",
    "Status",
    "Session",
    "Submitted",
    "Last updated",
    "Languages",
    "Pages",
    "Assigned to",
    "Link",
]


@pytest.fixture
def papers(delegate, other_delegate, session, secretariat):
    capacity = AgendaItemFactory(code="5(e)", title="Capacity-building")
    threats = AgendaItemFactory(code="5(a)", title="Threats")
    estonia = DelegationFactory(name="Estonia")
    india = make_submissions(
        2,
        delegation=delegate.delegation,
        session=session,
        created_by=delegate,
        sub_items=[capacity, threats],
        cosponsors=[estonia, other_delegate.delegation],
        title="Cooperation portal",
        pages=12,
    )
    kenya = make_submissions(
        1,
        delegation=other_delegate.delegation,
        session=session,
        created_by=other_delegate,
        sub_items=[threats],
        status=Submission.Status.UNDER_REVIEW,
        language="fr",
        title='=HYPERLINK("https://evil.example")',
    )
    assign(submissions=india[:1], to=secretariat, by=secretariat)
    return {"india": india, "kenya": kenya}


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_of_the_whole_view(client, secretariat, papers, session):
    client.force_login(secretariat)
    response = client.get("/review/export/?format=csv&sort=reference")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="oewg-submissions-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert len(rows) == 4
    first = dict(zip(HEADER, rows[1], strict=True))
    paper = papers["india"][0]
    assert first["Reference"] == paper.reference
    assert first["Title"] == paper.title
    assert first["Delegation"] == "Singapore"
    assert first["Co-sponsors"] == "Estonia; Kenya"
    assert first["Sub-items"] == "5(a), 5(e)" or first["Sub-items"] == "5(e), 5(a)"
    assert first["Kind"] == "Concept paper"
    assert first["Status"] == "Submitted"
    assert first["Session"] == session.title
    assert len(first["Submitted"]) == len("2025-07-25 10:00")
    assert first["Languages"] == "EN"
    assert first["Pages"] == "12"
    assert first["Assigned to"] == "Sec Member"
    assert first["Link"] == f"{settings.SITE_URL}/review/submissions/{paper.public_id}/"
    # A title that looks like a formula stays text in a spreadsheet.
    formula = dict(zip(HEADER, rows[3], strict=True))
    assert formula["Title"].startswith("'=HYPERLINK")
    assert formula["Languages"] == "FR"


def test_csv_respects_the_filters(client, secretariat, papers, kenya):
    client.force_login(secretariat)
    rows = read_csv(client.get(f"/review/export/?format=csv&delegation={kenya.pk}"))
    assert [row[1] for row in rows[1:]] == ["'" + papers["kenya"][0].title]
    rows = read_csv(client.get("/review/export/?format=csv&assigned=me"))
    assert [row[1] for row in rows[1:]] == [papers["india"][0].title]


def test_xlsx_of_the_view(client, secretariat, papers):
    client.force_login(secretariat)
    response = client.get("/review/export/?format=xlsx&status=submitted&sort=title")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 3  # the status filter keeps India's two papers
    line = dict(zip(HEADER, rows[1], strict=True))
    assert line["Title"] == papers["india"][0].title
    assert line["Co-sponsors"] == "Estonia; Kenya"
    assert line["Pages"] == 12
    assert line["Submitted"].year >= 2025  # a real date, for sorting in Excel
    assert line["Link"].endswith(f"/review/submissions/{papers['india'][0].public_id}/")


def test_xlsx_keeps_formulas_as_text(client, secretariat, papers):
    client.force_login(secretariat)
    response = client.get("/review/export/?format=xlsx&status=under_review")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = workbook.active["B2"]
    assert cell.value == papers["kenya"][0].title
    assert cell.data_type == "s"


def test_export_of_the_selection(client, secretariat, papers):
    client.force_login(secretariat)
    chosen = papers["india"]
    response = client.post("/review/bulk/", {"action": "export_csv", "selected": [str(s.public_id) for s in chosen]})
    assert response.status_code == 200
    assert {row[1] for row in read_csv(response)[1:]} == {s.title for s in chosen}
    response = client.post("/review/bulk/", {"action": "export_xlsx", "selected": [str(s.public_id) for s in chosen]})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 3


def test_unknown_format_is_refused(client, secretariat):
    client.force_login(secretariat)
    assert client.get("/review/export/?format=pdf").status_code == 400


def test_export_reads_in_chunks_with_constant_queries(
    client, secretariat, delegate, session, django_assert_max_num_queries
):
    make_submissions(1200, delegation=delegate.delegation, session=session, created_by=delegate)
    client.force_login(secretariat)
    # 3 chunks of 500, each with its 3 prefetch queries, plus session and user.
    with django_assert_max_num_queries(16):
        rows = read_csv(client.get("/review/export/?format=csv"))
    assert len(rows) == 1201


def test_the_export_tells_the_waiting_page_it_has_arrived(client, secretariat, papers):
    client.force_login(secretariat)
    response = client.get("/review/export/?format=xlsx&download_token=abc123xyz9")
    assert response.cookies["export_abc123xyz9"].value == "done"
    junk = client.get("/review/export/?format=csv&download_token=<script>")
    assert not [name for name in junk.cookies if name.startswith("export_")]
