import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from submissions import services
from submissions.models import CoSponsorship, Submission
from tests.factories import DelegateFactory, SubmissionFactory, make_pdf, pdf_upload


def new_submission_data(session, sub_item, **extra):
    data = {
        "title": "Working paper on a cooperation portal",
        "kind": "concept_paper",
        "session": session.pk,
        "sub_items": [sub_item.pk],
        "original_language": "en",
        "summary": "A portal for cooperation.",
        "form_token": str(uuid.uuid4()),
        "action": "submit",
    }
    data.update(extra)
    return data


def test_login_page_uses_email(client, delegate):
    response = client.post(
        reverse("accounts:login"), {"username": "delegate@singapore.example", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response.url == reverse("submissions:list")


def test_wrong_password_is_explained(client, delegate):
    response = client.post(reverse("accounts:login"), {"username": "delegate@singapore.example", "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_delegate_submits_a_paper_with_a_pdf(client, delegate, session, sub_item, kenya):
    client.force_login(delegate)
    data = new_submission_data(session, sub_item, cosponsors=[kenya.pk], file=pdf_upload())
    response = client.post(reverse("submissions:create"), data)
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("submissions:detail", args=[submission.public_id])
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.cosponsorships.get().delegation == kenya
    page = client.get(response.url).content.decode()
    assert submission.reference in page
    assert "paper.pdf" in page


def test_a_wrong_file_is_refused_with_a_message_and_the_form_keeps_its_text(client, delegate, session, sub_item):
    client.force_login(delegate)
    image = SimpleUploadedFile("paper.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="application/pdf")
    response = client.post(reverse("submissions:create"), new_submission_data(session, sub_item, file=image))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This file is a PNG image" in page
    assert "Working paper on a cooperation portal" in page
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04broken zip", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Microsoft Office"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "web page"),
    ],
)
def test_bad_files_are_named(client, delegate, session, sub_item, content, message):
    client.force_login(delegate)
    upload = SimpleUploadedFile("x.docx", content)
    response = client.post(reverse("submissions:create"), new_submission_data(session, sub_item, file=upload))
    assert message in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_file_one_byte_over_the_limit_is_refused_with_both_sizes(client, delegate, session, sub_item, settings):
    settings.MAX_UPLOAD_BYTES = 25 * 1024 * 1024
    client.force_login(delegate)
    data = b"%PDF-1.4\n" + b"0" * (settings.MAX_UPLOAD_BYTES + 1 - 9)
    upload = SimpleUploadedFile("paper.pdf", data, content_type="application/pdf")
    response = client.post(reverse("submissions:create"), new_submission_data(session, sub_item, file=upload))
    assert "The file is 25.0 MB (26,214,401 bytes); the limit is 25 MB (26,214,400 bytes)." in response.content.decode()
    assert "Working paper on a cooperation portal" in response.content.decode()  # the form keeps its text
    assert Submission.objects.count() == 0


def test_a_file_at_the_limit_is_taken(client, delegate, session, sub_item, settings):
    settings.MAX_UPLOAD_BYTES = 4096
    client.force_login(delegate)
    data = b"Plain text paper. " * 300
    data = data[: settings.MAX_UPLOAD_BYTES]
    upload = SimpleUploadedFile("paper.txt", data, content_type="text/plain")
    response = client.post(reverse("submissions:create"), new_submission_data(session, sub_item, file=upload))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Submission.objects.get().versions.get().size == settings.MAX_UPLOAD_BYTES


def test_an_oversized_upload_is_counted_not_kept(rf, settings):
    """The upload handler stops keeping bytes at the limit; the form still learns the exact size."""
    settings.MAX_UPLOAD_BYTES = 64 * 1024
    request = rf.post("/", {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * (3 * 1024 * 1024))})
    upload = request.FILES["file"]
    assert upload.oversized
    assert upload.size == 5 + 3 * 1024 * 1024
    assert upload.read() == b""
    small = rf.post("/", {"file": SimpleUploadedFile("small.pdf", b"%PDF-1.4 small")}).FILES["file"]
    assert not getattr(small, "oversized", False) and small.read() == b"%PDF-1.4 small"


def test_a_form_posted_twice_creates_one_submission(client, delegate, session, sub_item):
    client.force_login(delegate)
    data = new_submission_data(session, sub_item)
    data["file"] = pdf_upload()
    client.post(reverse("submissions:create"), data)
    data["file"] = pdf_upload()
    response = client.post(reverse("submissions:create"), data)
    assert Submission.objects.count() == 1
    assert response.status_code == 302


def test_after_the_deadline_the_form_says_so(client, delegate, session, sub_item):
    session.submission_deadline = timezone.now() - datetime.timedelta(hours=1)
    session.save()
    client.force_login(delegate)
    page = client.get(reverse("submissions:create")).content.decode()
    assert "Submissions are closed" in page
    response = client.post(reverse("submissions:create"), new_submission_data(session, sub_item, file=pdf_upload()))
    assert Submission.objects.count() == 0
    assert response.status_code == 200


def test_a_draft_submitted_after_the_deadline_stays_a_draft_with_a_message(client, draft, delegate):
    draft.session.submission_deadline = timezone.now() - datetime.timedelta(hours=1)
    draft.session.save()
    client.force_login(delegate)
    response = client.post(reverse("submissions:submit", args=[draft.public_id]), follow=True)
    assert "closed on" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Submission.Status.DRAFT


def test_save_as_draft_then_upload_then_submit(client, delegate, session, sub_item):
    client.force_login(delegate)
    client.post(reverse("submissions:create"), new_submission_data(session, sub_item, action="draft"))
    draft = Submission.objects.get()
    assert draft.status == Submission.Status.DRAFT
    client.post(
        reverse("submissions:upload_version", args=[draft.public_id]),
        {"file": pdf_upload(), "language": "en", "note": ""},
    )
    client.post(reverse("submissions:submit", args=[draft.public_id]))
    draft.refresh_from_db()
    assert draft.status == Submission.Status.SUBMITTED


def test_revision_and_history(client, submitted, delegate):
    client.force_login(delegate)
    url = reverse("submissions:upload_version", args=[submitted.public_id])
    response = client.post(
        url, {"file": pdf_upload("revised.pdf"), "language": "fr", "note": "Revised after the Chair's questions"}
    )
    assert response.status_code == 302
    page = client.get(reverse("submissions:detail", args=[submitted.public_id])).content.decode()
    assert "Version 2" in page and "Version 1" in page
    assert "revised.pdf" in page
    assert "Revised after the Chair&#x27;s questions" in page


def test_download_returns_the_file(client, submitted, delegate):
    client.force_login(delegate)
    version = submitted.versions.get()
    response = client.get(reverse("submissions:download", args=[version.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'attachment; filename="paper.pdf"' in response["Content-Disposition"]


def test_withdraw(client, submitted, delegate):
    client.force_login(delegate)
    client.post(reverse("submissions:withdraw", args=[submitted.public_id]), {"reason": "Merged"})
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.WITHDRAWN
    # The paper's page says who withdrew it, and why.
    page = client.get(reverse("submissions:detail", args=[submitted.public_id])).content.decode()
    assert f"Withdrawn by {delegate}" in page and "Merged" in page


def test_invited_delegation_accepts_and_then_sees_the_paper_in_its_list(client, submitted, delegate, other_delegate):
    invitation = services.invite_cosponsor(submission=submitted, delegation=other_delegate.delegation, by=delegate)
    client.force_login(other_delegate)
    assert submitted.title in client.get(reverse("submissions:list")).content.decode()
    client.post(reverse("submissions:respond", args=[invitation.pk]), {"answer": "accept"})
    invitation.refresh_from_db()
    assert invitation.status == CoSponsorship.Status.ACCEPTED
    page = client.get(reverse("submissions:list")).content.decode()
    assert "Co-sponsored; submitted by Singapore" in page


def test_the_list_filters_by_status_and_shrugs_off_a_status_that_is_none(client, submitted, delegate):
    client.force_login(delegate)
    url = reverse("submissions:list")
    assert list(client.get(url, {"status": "submitted"}).context["submissions"]) == [submitted]
    assert list(client.get(url, {"status": "draft"}).context["submissions"]) == []
    # A NUL in the address reached PostgreSQL, which refuses it: a server error.
    assert list(client.get(url, {"status": "submitted\x00"}).context["submissions"]) == []


def test_list_query_count_is_constant(client, delegate, session, sub_item, django_assert_max_num_queries):
    client.force_login(delegate)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("submissions:list")).status_code == 200
        return len(ctx)

    for n in range(3):
        services.create_submission(
            by=delegate, title=f"Paper {n}", session=session, sub_items=[sub_item], file=pdf_upload()
        )
    few = count_queries()
    for n in range(25):
        services.create_submission(
            by=delegate, title=f"More {n}", session=session, sub_items=[sub_item], file=pdf_upload()
        )
    assert count_queries() == few


def test_detail_query_count_does_not_grow_with_versions(client, submitted, delegate):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(delegate)
    url = reverse("submissions:detail", args=[submitted.public_id])
    client.get(url)  # the lists every page reads kept in the cache, as by a worker that served a page already
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        services.add_version(submission=submitted, by=delegate, file=pdf_upload(f"v{n}.pdf"), language="en")
    with CaptureQueriesContext(connection) as six:
        client.get(url)
    assert len(six) == len(one)


# --- Authorization: every view, every role --------------------------------------------------

ROLES = ["anonymous", "own_delegate", "other_delegate", "cosponsor", "chair_team", "secretariat", "admin"]


@pytest.fixture
def people(delegate, other_delegate, chair_team, secretariat, admin_user, db):
    cosponsor = DelegateFactory(email="delegate@estonia.example", delegation__name="Estonia")
    return {
        "anonymous": None,
        "own_delegate": delegate,
        "other_delegate": other_delegate,
        "cosponsor": cosponsor,
        "chair_team": chair_team,
        "secretariat": secretariat,
        "admin": admin_user,
    }


@pytest.fixture
def cosponsored(submitted, delegate, people):
    invitation = services.invite_cosponsor(submission=submitted, delegation=people["cosponsor"].delegation, by=delegate)
    services.respond_to_invitation(invitation=invitation, by=people["cosponsor"], accept=True)
    return submitted


def status_for(client, person, method, url, data=None):
    client.logout()
    if person is not None:
        client.force_login(person)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


# (view name, method, expected status per role). 302 for anonymous means "sent to log in".
SUBMITTED_MATRIX = {
    "detail": (
        "get",
        {
            "anonymous": 302,
            "own_delegate": 200,
            "other_delegate": 404,
            "cosponsor": 200,
            "chair_team": 200,
            "secretariat": 200,
            "admin": 200,
        },
    ),
    "edit": (
        "get",
        {
            "anonymous": 302,
            "own_delegate": 403,
            "other_delegate": 404,
            "cosponsor": 403,
            "chair_team": 403,
            "secretariat": 403,
            "admin": 403,
        },
    ),
    "upload_version": (
        "get",
        {
            "anonymous": 302,
            "own_delegate": 200,
            "other_delegate": 404,
            "cosponsor": 403,
            "chair_team": 403,
            "secretariat": 403,
            "admin": 403,
        },
    ),
    "withdraw": (
        "get",
        {
            "anonymous": 302,
            "own_delegate": 200,
            "other_delegate": 404,
            "cosponsor": 403,
            "chair_team": 403,
            "secretariat": 403,
            "admin": 403,
        },
    ),
    "invite": (
        "post",
        {
            "anonymous": 302,
            "own_delegate": 302,
            "other_delegate": 404,
            "cosponsor": 403,
            "chair_team": 403,
            "secretariat": 403,
            "admin": 403,
        },
    ),
    "submit": (
        "post",
        {
            "anonymous": 302,
            "own_delegate": 302,
            "other_delegate": 404,
            "cosponsor": 403,
            "chair_team": 403,
            "secretariat": 403,
            "admin": 403,
        },
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", sorted(SUBMITTED_MATRIX))
def test_authorization_on_a_submitted_paper(client, cosponsored, people, role, view):
    method, expected = SUBMITTED_MATRIX[view]
    url = reverse(f"submissions:{view}", args=[cosponsored.public_id])
    assert status_for(client, people[role], method, url) == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_drafts_and_their_files_are_for_their_delegation_only(client, draft, people, role):
    version = draft.versions.get()
    detail = status_for(client, people[role], "get", reverse("submissions:detail", args=[draft.public_id]))
    download = status_for(client, people[role], "get", reverse("submissions:download", args=[version.public_id]))
    if role == "own_delegate":
        assert (detail, download) == (200, 200)
    elif role == "anonymous":
        assert (detail, download) == (302, 302)
    else:
        assert (detail, download) == (404, 404)


@pytest.mark.parametrize("role", ROLES)
def test_files_of_submitted_papers(client, cosponsored, people, role):
    version = cosponsored.versions.get()
    expected = {"anonymous": 302, "other_delegate": 404}.get(role, 200)
    assert (
        status_for(client, people[role], "get", reverse("submissions:download", args=[version.public_id])) == expected
    )


@pytest.mark.parametrize("role", ROLES)
def test_delegate_pages(client, people, role, session):
    expected_list = {"anonymous": 302, "own_delegate": 200, "other_delegate": 200, "cosponsor": 200}.get(role, 403)
    assert status_for(client, people[role], "get", reverse("submissions:list")) == expected_list
    assert status_for(client, people[role], "get", reverse("submissions:create")) == expected_list


def test_another_delegation_cannot_answer_an_invitation(client, submitted, delegate, other_delegate, people):
    invitation = services.invite_cosponsor(submission=submitted, delegation=other_delegate.delegation, by=delegate)
    assert (
        status_for(
            client,
            people["cosponsor"],
            "post",
            reverse("submissions:respond", args=[invitation.pk]),
            {"answer": "accept"},
        )
        == 404
    )
    invitation.refresh_from_db()
    assert invitation.status == CoSponsorship.Status.INVITED


def test_by_id_another_delegations_draft_is_not_found(client, other_delegate, session):
    theirs = SubmissionFactory(session=session)
    client.force_login(other_delegate)
    assert client.get(reverse("submissions:detail", args=[theirs.public_id])).status_code == 404


def test_pdf_helper_makes_real_pdfs():
    assert make_pdf().startswith(b"%PDF-")


def test_a_revision_posted_twice_adds_one_version(client, submitted, delegate):
    client.force_login(delegate)
    url = reverse("submissions:upload_version", args=[submitted.public_id])
    token = str(uuid.uuid4())
    for _ in range(2):
        response = client.post(url, {"file": pdf_upload("rev.pdf"), "language": "en", "note": "", "form_token": token})
        assert response.status_code == 302
    assert list(submitted.versions.values_list("number", flat=True)) == [1, 2]


def test_a_delegate_deletes_a_draft_with_its_file(client, draft, delegate, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    from audit.models import AuditEntry

    name = draft.versions.get().file.name
    assert default_storage.exists(name)
    client.force_login(delegate)
    assert "Delete this draft?" in client.get(reverse("submissions:discard", args=[draft.public_id])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        response = client.post(reverse("submissions:discard", args=[draft.public_id]), follow=True)
    assert "is deleted" in response.content.decode()
    assert not Submission.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action="submission.discarded", actor=delegate).exists()
    assert not default_storage.exists(name)


def test_a_submitted_paper_cannot_be_deleted(client, submitted, delegate):
    client.force_login(delegate)
    assert client.post(reverse("submissions:discard", args=[submitted.public_id])).status_code == 403
    assert Submission.objects.filter(pk=submitted.pk).exists()


@pytest.mark.parametrize("role", ["other_delegate", "secretariat", "chair_team"])
def test_only_its_delegation_deletes_a_draft(client, draft, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("submissions:discard", args=[draft.public_id])).status_code in (403, 404)
    assert Submission.objects.filter(pk=draft.pk).exists()


def test_a_title_keeps_to_one_line_whatever_was_pasted_into_it(client, delegate, session, sub_item):
    client.force_login(delegate)
    title = "Working paper\r\nBcc: everyone@example.org\x00\x1b[31m on\u2028a\tportal"
    data = new_submission_data(session, sub_item, title=title, action="save")
    response = client.post(reverse("submissions:create"), data)
    assert response.status_code == 302
    assert Submission.objects.get().title == "Working paper Bcc: everyone@example.org [31m on a portal"


def test_a_database_outage_while_submitting_leaves_no_half_submitted_paper(client, delegate, session, sub_item):
    from unittest import mock

    from django.db import OperationalError

    client.force_login(delegate)
    data = new_submission_data(session, sub_item, file=pdf_upload())
    with mock.patch("submissions.services.submit_submission", side_effect=OperationalError("server closed")):
        response = client.post(reverse("submissions:create"), data)
    assert response.status_code == 503
    assert Submission.objects.count() == 0  # no draft left behind that the delegate thinks was submitted
    data["file"] = pdf_upload()
    response = client.post(reverse("submissions:create"), data)  # the same form, sent again
    assert response.status_code == 302
    assert Submission.objects.get().reference


def test_another_delegations_form_token_gives_nothing_of_theirs(client, delegate, other_delegate, session, sub_item):
    client.force_login(other_delegate)
    theirs = new_submission_data(session, sub_item, title="Their paper", action="save")
    client.post(reverse("submissions:create"), theirs)
    their_paper = Submission.objects.get()
    client.force_login(delegate)
    mine = new_submission_data(session, sub_item, title="My paper", action="save", form_token=theirs["form_token"])
    response = client.post(reverse("submissions:create"), mine)
    assert response.status_code == 302
    my_paper = Submission.objects.exclude(pk=their_paper.pk).get()
    assert response.url == reverse("submissions:detail", args=[my_paper.public_id])
    assert my_paper.title == "My paper" and my_paper.delegation == delegate.delegation
