import datetime

import pytest
from django.utils import timezone

from agenda.models import DeadlineExtension
from tests.factories import DelegationFactory, SecretariatFactory, SessionFactory

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretariat_extends_a_deadline_in_the_browser(page):
    secretariat = SecretariatFactory(email="sec@un.example")
    session = SessionFactory(title="Eleventh substantive session")
    DelegationFactory(name="Kenya")
    log_in(page, secretariat.email)
    page.goto("/review/sessions/")
    page.get_by_label("Session", exact=True).select_option(label=session.title)
    page.get_by_label("Delegation", exact=True).select_option(label="Kenya")
    until = timezone.localtime(session.submission_deadline + datetime.timedelta(days=3))
    page.get_by_label("Extended until").fill(until.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Reason").fill("Translation delayed")
    page.get_by_role("button", name="Extend").click()
    page.get_by_text("Kenya may submit to").wait_for()
    assert DeadlineExtension.objects.get().delegation.name == "Kenya"
    assert axe_violations(page) == []
    screenshot(page, "review-sessions")
