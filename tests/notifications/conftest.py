import pytest

from accounts.models import User
from agenda.models import AgendaItem
from submissions import services
from tests.factories import AgendaItemFactory, ChairTeamFactory, DelegateFactory, SecretariatFactory, pdf_upload

from .backends import ScriptedBackend


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.DEFAULT_FROM_EMAIL = "OEWG portal <no-reply@portal.example.org>"
    settings.REPLY_TO_EMAIL = "oewg-secretariat@un.example"
    settings.CHAIR_TEAM_EMAIL = ""
    settings.SECRETARIAT_EMAIL = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def mailboxes(settings):
    settings.CHAIR_TEAM_EMAIL = "chair-team@un.example"
    settings.SECRETARIAT_EMAIL = "oewg-secretariat@un.example"


@pytest.fixture
def smtp_errors(settings):
    """Errors the mail backend raises, in order, before it delivers normally again."""
    settings.EMAIL_BACKEND = "tests.notifications.backends.ScriptedBackend"
    ScriptedBackend.errors = []
    ScriptedBackend.down = False
    yield ScriptedBackend.errors
    ScriptedBackend.errors = []
    ScriptedBackend.down = False


@pytest.fixture
def agenda_item_5(db, sub_item):
    parent, _ = AgendaItem.objects.get_or_create(
        body=sub_item.body, code="5", defaults={"title": "Discussions on substantive issues", "order": 5}
    )
    return parent


@pytest.fixture
def capacity_building(sub_item, agenda_item_5):
    sub_item.parent = agenda_item_5
    sub_item.save()
    return sub_item


@pytest.fixture
def threats(agenda_item_5):
    return AgendaItemFactory(
        body=agenda_item_5.body, code="5(a)", title="Existing and potential threats", parent=agenda_item_5
    )


@pytest.fixture
def focal_point(singapore):
    return DelegateFactory(
        email="focal@singapore.example", full_name="Sing Focal", delegation=singapore, role=User.Role.FOCAL_POINT
    )


@pytest.fixture
def second_secretariat(db):
    return SecretariatFactory(email="sec2@un.example", full_name="Sec Two")


@pytest.fixture
def inactive_chair(db):
    return ChairTeamFactory(email="gone@un.example", full_name="Former Chair Staff", is_active=False)


@pytest.fixture
def cosponsored(delegate, session, capacity_building, kenya):
    """A draft of Singapore's with Kenya invited to co-sponsor."""
    return services.create_submission(
        by=delegate,
        title="Global cooperation portal",
        session=session,
        sub_items=[capacity_building],
        cosponsors=[kenya],
        file=pdf_upload(),
        summary="A portal for cooperation & capacity-building.",
    )


def addresses(outbox) -> list[str]:
    return sorted(address for mail in outbox for address in mail.to)


def mail_to(outbox, address: str):
    found = [mail for mail in outbox if address in mail.to]
    assert len(found) == 1, f"{len(found)} mails to {address}: {[m.subject for m in outbox]}"
    return found[0]


def html_of(mail) -> str:
    (html, mimetype), *_ = mail.alternatives
    assert mimetype == "text/html"
    return html
