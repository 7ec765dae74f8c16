import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from delegations.models import Delegation
from stakeholders import services
from stakeholders.models import Application
from tests.factories import DelegateFactory, DelegationFactory


@pytest.fixture
def kenya_focal_point(kenya):
    return DelegateFactory(
        email="focal@kenya.example", full_name="Kenya Focal", delegation=kenya, role=User.Role.FOCAL_POINT
    )


@pytest.fixture
def singapore_focal_point(singapore):
    return DelegateFactory(
        email="focal@singapore.example", full_name="Sing Focal", delegation=singapore, role=User.Role.FOCAL_POINT
    )


@pytest.fixture
def france(db):
    return DelegationFactory(name="France", iso2="FR", iso3="FRA")


def make_application(country, *, name="Cyber Peace Network", email="contact@cpn.example", ecosoc=False, confirm=True):
    application = services.apply(
        name=name,
        kind=Application.Kind.NGO,
        country=country,
        website="https://cpn.example",
        has_ecosoc_status=ecosoc,
        ecosoc_reference="2019/E" if ecosoc else "",
        statement="We train incident responders in small island States.",
        contact_name="Ada Contact",
        contact_email=email,
    )
    if confirm:
        application = services.confirm_email(token=services.confirmation_token(application))
    return application


@pytest.fixture
def open_round(secretariat, kenya, france):
    """Two applicants circulated in a round whose objections are seen by the reviewers alone."""
    first = make_application(france)
    second = make_application(kenya, name="Digital Rights Lab", email="contact@drl.example")
    round_ = services.open_round(
        by=secretariat, title="First round 2026", period_days=14, visibility="secretariat", applications=[first, second]
    )
    first.refresh_from_db()
    second.refresh_from_db()
    return round_, first, second


@pytest.fixture
def stakeholder_org(db):
    return DelegationFactory(name="Accredited NGO", kind=Delegation.Kind.STAKEHOLDER, iso2="FR")


@pytest.fixture
def stakeholder(stakeholder_org):
    return DelegateFactory(
        email="member@ngo.example", full_name="Ngo Member", delegation=stakeholder_org, role=User.Role.FOCAL_POINT
    )


def after(round_, days=0):
    return round_.closes_at + datetime.timedelta(days=days, seconds=1)


def later(**kwargs):
    return timezone.now() + datetime.timedelta(**kwargs)
