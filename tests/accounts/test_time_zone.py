"""Dates and times name their zone: the sessions' (New York) unless the person chose their own."""

import datetime
import re

import pytest
from django.utils import timezone, translation

from portal.time_format import time_left, when

NOON_UTC = datetime.datetime(2026, 11, 30, 11, 24, tzinfo=datetime.UTC)


def test_one_format_with_the_zone_named():
    with translation.override("en"):
        assert when(NOON_UTC) == "30 November 2026, 06:24 EST"


def test_a_language_whose_format_has_no_zone_still_names_it():
    with translation.override("fr"):
        assert when(NOON_UTC).endswith("06:24 EST")


def test_the_persons_zone_applies():
    with translation.override("en"), timezone.override("Asia/Singapore"):
        assert when(NOON_UTC) == "30 November 2026, 19:24 +08"


def test_time_left_before_a_deadline_and_closed_after():
    with translation.override("en"):
        assert re.fullmatch(
            r"2\sdays,\s\d+\shours?\sleft", time_left(timezone.now() + datetime.timedelta(days=2, hours=5))
        )
        assert time_left(timezone.now() - datetime.timedelta(minutes=1)) == "closed"


@pytest.mark.django_db
def test_a_delegate_chooses_a_zone_and_the_pages_follow_it(client, submitted, delegate):
    client.force_login(delegate)
    page = client.get(f"/submissions/{submitted.public_id}/").content.decode()
    assert re.search(r"\d{2}:\d{2} E[SD]T", page)

    response = client.post(
        "/accounts/profile/",
        {"full_name": delegate.full_name, "preferred_language": "en", "time_zone": "Africa/Nairobi"},
    )
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.time_zone == "Africa/Nairobi"
    page = client.get(f"/submissions/{submitted.public_id}/").content.decode()
    assert re.search(r"\d{2}:\d{2} EAT", page) and not re.search(r"\d{2}:\d{2} E[SD]T", page)


@pytest.mark.django_db
def test_an_unknown_zone_is_refused(client, delegate):
    client.force_login(delegate)
    response = client.post(
        "/accounts/profile/", {"full_name": delegate.full_name, "preferred_language": "en", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    delegate.refresh_from_db()
    assert delegate.time_zone == ""


@pytest.mark.django_db
def test_date_and_time_inputs_name_their_zone(client, secretariat, session):
    client.force_login(secretariat)
    emailed = client.get("/review/record-emailed/").content.decode()
    assert re.search(r"Received on \(New York time, E[SD]T\)", emailed)
    sessions = client.get("/review/sessions/").content.decode()
    assert re.search(r"Deadline \(New York time, E[SD]T\)", sessions)
    assert re.search(r"Extended until \(New York time, E[SD]T\)", sessions)
    audit = client.get("/review/audit/").content.decode()
    assert re.search(r"From \(New York time, E[SD]T\)", audit)


@pytest.mark.django_db
def test_a_refused_emailed_paper_says_to_attach_the_file_again(client, secretariat, session, sub_item, singapore):
    from tests.factories import pdf_upload

    client.force_login(secretariat)
    response = client.post(
        "/review/record-emailed/",
        {
            "delegation": singapore.pk,
            "received_at": "not a date",
            "title": "By email",
            "kind": "concept_paper",
            "session": session.pk,
            "sub_items": [sub_item.pk],
            "original_language": "en",
            "file": pdf_upload("sent-by-email.pdf"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "attach “sent-by-email.pdf” again" in html
