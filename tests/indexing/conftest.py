import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions import services as submission_services
from tests.factories import AgendaItemFactory, DelegateFactory, DelegationFactory, SessionFactory


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Upload bytes as a new version and let the (in-process) worker index it, as after a commit."""

    def do(submission, data: bytes, *, name="paper.pdf", content_type="application/pdf", language="en", by=None):
        by = by or submission.created_by
        with django_capture_on_commit_callbacks(execute=True):
            version = submission_services.add_version(
                submission=submission,
                by=by,
                file=SimpleUploadedFile(name, data, content_type=content_type),
                language=language,
            )
        version.refresh_from_db()
        return version

    return do


@pytest.fixture
def paper_factory(db):
    """Drafts of any delegation, as their delegates create them (no file yet)."""
    session = SessionFactory()
    item = AgendaItemFactory(code="5(d)", title="Confidence-building measures")

    def make(title="Concept paper", *, summary="", delegation=None, language="en"):
        delegation = delegation or DelegationFactory()
        delegate = DelegateFactory(delegation=delegation)
        return submission_services.create_submission(
            by=delegate, title=title, summary=summary, session=session, sub_items=[item], original_language=language
        )

    return make
