"""The pages: who may open them, starting, following, ticking, downloading and deleting."""

import io

import docx
import pytest
from django.urls import reverse

from compendium.models import Compendium, Proposal
from tests.publicsite.conftest import bulk_published

from .conftest import choices
from .test_building import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(world, django_capture_on_commit_callbacks):
    return build(world, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)


def urls(compendium):
    pk = compendium.pk
    return {
        "list": ("get", reverse("compendium:list")),
        "detail": ("get", reverse("compendium:detail", args=[pk])),
        "status": ("get", reverse("compendium:status", args=[pk])),
        "download": ("get", reverse("compendium:download", args=[pk, "pdf"])),
        "cancel": ("post", reverse("compendium:cancel", args=[pk])),
        "proposals": ("post", reverse("compendium:choose_proposals", args=[pk])),
        "documents": ("post", reverse("compendium:write_documents", args=[pk])),
        "delete": ("post", reverse("compendium:delete", args=[pk])),
    }


def test_anonymous_visitors_go_to_the_login_page(client, ready):
    for name, (method, url) in urls(ready).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_delegates_are_refused(client, ready, delegate):
    client.force_login(delegate)
    for name, (method, url) in urls(ready).items():
        assert getattr(client, method)(url).status_code == 403, name
    assert Compendium.objects.filter(pk=ready.pk).exists()


@pytest.mark.parametrize("role", ["chair_team", "secretariat", "admin_user"])
def test_reviewers_read_every_page(client, ready, role, request):
    client.force_login(request.getfixturevalue(role))

    for name in ("list", "detail", "status", "download"):
        response = client.get(urls(ready)[name][1])
        assert response.status_code == 200, name


def test_only_administrators_delete(client, ready, chair_team, admin_user):
    client.force_login(chair_team)
    assert client.post(reverse("compendium:delete", args=[ready.pk])).status_code == 403

    client.force_login(admin_user)
    response = client.post(reverse("compendium:delete", args=[ready.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("compendium:list")
    assert "The compendium and its files are deleted." in response.content.decode()
    assert not Compendium.objects.filter(pk=ready.pk).exists()


def test_the_chair_team_starts_a_compendium_and_sees_it_ready(
    client, world, chair_team, django_capture_on_commit_callbacks
):
    client.force_login(chair_team)
    page = client.get(reverse("compendium:list"))
    assert "Build a compendium" in page.content.decode()
    # Published only, every sub-item and the latest session, unless the team chooses otherwise.
    assert page.context["form"]["statuses"].value() == ["published"]
    assert set(page.context["form"]["sub_items"].value()) == {world.threats.pk, world.capacity.pk}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("compendium:list"),
            {
                "title": "Zero draft",
                "sessions": [world.session.pk],
                "sub_items": [world.threats.pk, world.capacity.pk],
                "statuses": ["published"],
                "language": "",
            },
        )
    compendium = Compendium.objects.get()
    assert response["Location"] == reverse("compendium:detail", args=[compendium.pk])
    assert compendium.choices["interface_language"] == "en"

    detail = client.get(response["Location"]).content.decode()
    assert "Zero draft" in detail
    assert "Ready" in detail
    assert "We propose the establishment of a threat repository within the United Nations." in detail
    assert reverse("compendium:download", args=[compendium.pk, "docx"]) in detail
    assert client.get(reverse("compendium:list")).content.decode().count("Zero draft") >= 1


def test_a_form_without_sessions_says_so(client, world, chair_team):
    client.force_login(chair_team)

    response = client.post(reverse("compendium:list"), {"sub_items": [world.threats.pk], "statuses": ["published"]})

    assert response.status_code == 200
    assert not Compendium.objects.exists()
    assert "This field is required." in response.content.decode()


def test_a_draft_status_cannot_even_be_posted(client, world, chair_team):
    client.force_login(chair_team)

    client.post(
        reverse("compendium:list"),
        {"sessions": [world.session.pk], "sub_items": [world.threats.pk], "statuses": ["draft"]},
    )

    assert not Compendium.objects.exists()


def test_a_new_draft_starts_from_the_choices_of_an_earlier_one(client, ready, chair_team, world):
    client.force_login(chair_team)

    page = client.get(reverse("compendium:list") + f"?from={ready.pk}")

    assert page.context["form"].initial["sub_items"] == [world.threats.pk, world.capacity.pk]


def test_a_running_build_shows_its_progress_and_refreshes_without_javascript(client, world, chair_team):
    running = Compendium.objects.create(
        created_by=chair_team,
        choices=choices(world),
        state=Compendium.State.BUILDING,
        steps_done=1,
        steps_total=3,
        current_step="5(e)",
    )
    client.force_login(chair_team)

    page = client.get(reverse("compendium:detail", args=[running.pk])).content.decode()
    status = client.get(reverse("compendium:status", args=[running.pk])).json()

    assert 'aria-valuenow="33"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "compendium/progress" in page
    assert "Cancel the build" in page
    assert status == {
        "state": "building",
        "state_label": "Building",
        "progress": 33,
        "steps_done": 1,
        "steps_total": 3,
        "step": "Reading the papers of sub-item 5(e)",
        "running": True,
        "failure_reason": "",
    }


def test_cancel_from_the_page(client, world, chair_team):
    running = Compendium.objects.create(created_by=chair_team, choices=choices(world), state=Compendium.State.BUILDING)
    client.force_login(chair_team)

    response = client.post(reverse("compendium:cancel", args=[running.pk]), follow=True)

    running.refresh_from_db()
    assert running.cancel_requested
    assert "The build stops after the sub-item it is reading." in response.content.decode()


def test_a_failure_is_shown_in_words(client, world, chair_team):
    failed = Compendium.objects.create(
        created_by=chair_team,
        choices=choices(world),
        state=Compendium.State.FAILED,
        failure_reason="The papers of sub-item 5(a) could not be read: the page is on fire",
    )
    client.force_login(chair_team)

    page = client.get(reverse("compendium:detail", args=[failed.pk])).content.decode()

    assert "The compendium could not be built." in page
    assert "could not be read: the page is on fire" in page
    assert "refresh" not in page


def test_ticking_page_by_page_then_writing_the_documents_again(
    client, ready, chair_team, world, django_capture_on_commit_callbacks
):
    client.force_login(chair_team)
    page = client.get(reverse("compendium:detail", args=[ready.pk]) + f"?sub_item={world.capacity.pk}")
    shown = [p.pk for entry in page.context["proposals"]["papers"] for p in entry["proposals"]]
    assert set(shown) == set(ready.proposals.filter(sub_item=world.capacity).values_list("pk", flat=True))
    keep = shown[:1]

    response = client.post(
        reverse("compendium:choose_proposals", args=[ready.pk]),
        {"sub_item": world.capacity.pk, "page": 1, "included": [str(pk) for pk in keep] + ["x"]},
    )

    assert response["Location"].endswith(f"?sub_item={world.capacity.pk}&page=1#proposals-heading")
    assert list(ready.proposals.filter(sub_item=world.capacity, included=True).values_list("pk", flat=True)) == keep
    # The other sub-item's proposals were not on the page: untouched.
    assert not ready.proposals.filter(sub_item=world.threats, included=False).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "The ticks have changed since the documents were written." in detail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("compendium:write_documents", args=[ready.pk]))
    ready.refresh_from_db()
    assert ready.state == Compendium.State.READY and not ready.ticks_pending


def test_the_proposals_of_many_papers_come_25_papers_a_page(client, ready, chair_team, world):
    Proposal.objects.bulk_create(
        [
            Proposal(
                compendium=ready,
                submission=p,
                sub_item=world.threats,
                text=f"We propose {p.pk}.",
                cue="We propose",
                language="en",
            )
            for p in bulk_published(30, session=world.session, sub_item=world.threats)
        ]
    )
    client.force_login(chair_team)

    first = client.get(reverse("compendium:detail", args=[ready.pk]) + f"?sub_item={world.threats.pk}")
    second = client.get(reverse("compendium:detail", args=[ready.pk]) + f"?sub_item={world.threats.pk}&page=2")

    assert len(first.context["proposals"]["papers"]) == 25
    assert len(second.context["proposals"]["papers"]) == 6
    assert "Page 2 of 2" in second.content.decode()


def test_the_word_document_downloads_and_opens(client, ready, chair_team):
    client.force_login(chair_team)

    response = client.get(reverse("compendium:download", args=[ready.pk, "docx"]))

    assert response["Content-Disposition"].startswith('attachment; filename="compendium-')
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    assert any(
        p.style.name == "Heading 1" and p.text == "5(a) Existing and potential threats" for p in document.paragraphs
    )


def test_no_file_before_the_build_is_ready_nor_of_another_kind(client, world, chair_team, ready):
    waiting = Compendium.objects.create(created_by=chair_team, choices=choices(world))
    client.force_login(chair_team)

    assert client.get(reverse("compendium:download", args=[waiting.pk, "pdf"])).status_code == 404
    assert client.get(reverse("compendium:download", args=[ready.pk, "exe"])).status_code == 404


def test_an_administrator_deletes_old_compendia_in_the_admin_through_the_service(
    client, ready, admin_user, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from audit.models import AuditEntry

    name = ready.pdf.name
    url = reverse("admin:compendium_compendium_changelist")
    client.force_login(admin_user)
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "delete_selected_compendia", "_selected_action": [ready.pk]})

    assert not Compendium.objects.filter(pk=ready.pk).exists()
    assert not default_storage.exists(name)
    assert AuditEntry.objects.filter(action="compendium.deleted", actor=admin_user).exists()
