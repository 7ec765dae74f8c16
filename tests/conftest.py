import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions import services

from .factories import (
    AgendaItemFactory,
    ChairTeamFactory,
    DelegateFactory,
    DelegationFactory,
    SecretariatFactory,
    SessionFactory,
    UserFactory,
    pdf_upload,
)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what one test kept (the queue's pages, sessions) was read
    from rows that its rollback removed."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def session(db):
    return SessionFactory()


@pytest.fixture
def sub_item(db):
    return AgendaItemFactory(code="5(e)", title="Capacity-building")


@pytest.fixture
def singapore(db):
    return DelegationFactory(name="Singapore", iso3="SGP", iso2="SG")


@pytest.fixture
def kenya(db):
    return DelegationFactory(name="Kenya", iso3="KEN", iso2="KE")


@pytest.fixture
def delegate(singapore):
    return DelegateFactory(email="delegate@singapore.example", full_name="Sing Delegate", delegation=singapore)


@pytest.fixture
def other_delegate(kenya):
    return DelegateFactory(email="delegate@kenya.example", full_name="Kenya Delegate", delegation=kenya)


@pytest.fixture
def secretariat(db):
    return SecretariatFactory(email="secretariat@un.example", full_name="Sec Member")


@pytest.fixture
def chair_team(db):
    return ChairTeamFactory(email="chair@un.example", full_name="Chair Member")


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@un.example", full_name="Site Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def pdf():
    return pdf_upload()


@pytest.fixture
def draft(delegate, session, sub_item):
    return services.create_submission(
        by=delegate, title="Global cooperation portal", session=session, sub_items=[sub_item], file=pdf_upload()
    )


@pytest.fixture
def submitted(draft, delegate):
    return services.submit_submission(submission=draft, by=delegate)


@pytest.fixture
def text_upload():
    return SimpleUploadedFile("notes.txt", b"Plain text paper.\n", content_type="text/plain")
