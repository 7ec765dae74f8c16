"""A receipt number carries the year the paper was received, in the sessions' time zone."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from submissions import services
from submissions.models import Submission
from tests.factories import SessionFactory, pdf_upload

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.mark.django_db
def test_a_paper_received_by_email_last_year_is_numbered_in_that_year(secretariat, singapore, sub_item, delegate):
    session = SessionFactory(
        title="Old session", submission_deadline=datetime.datetime(2024, 3, 1, 18, tzinfo=NEW_YORK)
    )
    paper = services.record_emailed_paper(
        by=secretariat,
        delegation=singapore,
        received_at=datetime.datetime(2024, 1, 5, 10, 30, tzinfo=NEW_YORK),
        file=pdf_upload(),
        title="Sent by email",
        session=session,
        sub_items=[sub_item],
    )
    assert paper.reference.startswith("OEWG-2024-")


@pytest.mark.django_db
def test_new_years_eve_in_new_york_is_still_that_year(secretariat, singapore, sub_item, delegate):
    # 31 December 2024, 22:00 in New York is already 1 January 2025 in UTC.
    received = datetime.datetime(2024, 12, 31, 22, tzinfo=NEW_YORK)
    session = SessionFactory(title="Winter", submission_deadline=received + datetime.timedelta(days=30))
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):  # whoever records it, wherever they are
        paper = services.record_emailed_paper(
            by=secretariat,
            delegation=singapore,
            received_at=received,
            file=pdf_upload(),
            title="Sent on New Year's Eve",
            session=session,
            sub_items=[sub_item],
        )
    assert paper.reference.startswith("OEWG-2024-")


@pytest.mark.django_db
def test_the_demo_papers_carry_the_years_they_were_received():
    from agenda.seed import load_reference_data
    from demo.load import load_demo

    load_reference_data()
    load_demo()
    papers = Submission.objects.exclude(reference=None)
    assert papers.count() >= 5
    for paper in papers:
        year = timezone.localtime(paper.submitted_at, NEW_YORK).year
        assert paper.reference.startswith(f"OEWG-{year}-"), (paper.reference, paper.submitted_at)
    assert {p.reference[5:9] for p in papers} >= {"2022", "2023", "2024"}
