"""The services: start, cancel, choose proposals, delete; each refuses whom and what it must."""

import pytest
from django.core.files.storage import default_storage

from audit.models import AuditEntry
from common.errors import ActionRefused, Conflict, NotAllowed
from compendium import services
from compendium.models import Compendium
from submissions.models import Submission

from .conftest import ARABIC_TITLE, CHINESE_TITLE, UNPUBLISHED_TITLE, choices
from .test_building import build, docx_text, pdf_text

pytestmark = pytest.mark.django_db


def test_every_role_but_the_reviewers_is_refused(world, delegate, other_delegate):
    for person in (delegate, world.kenyan):
        with pytest.raises(NotAllowed):
            services.start_compendium(by=person, choices=choices(world))
    assert not Compendium.objects.exists()


def test_drafts_can_never_be_chosen(world, chair_team):
    with pytest.raises(ActionRefused):
        services.start_compendium(by=chair_team, choices=choices(world, statuses=["published", "draft"]))


def test_the_chair_team_keeps_who_when_and_which_choices(world, chair_team, django_capture_on_commit_callbacks):
    compendium = build(world, by=chair_team, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    assert compendium.created_by == chair_team
    assert compendium.choices["sub_item_codes"] == ["5(a)", "5(e)"]
    assert compendium.state == Compendium.State.READY
    assert compendium.progress == 100
    assert AuditEntry.objects.filter(action="compendium.started", object_id=str(compendium.pk)).exists()


def test_more_statuses_bring_in_accepted_papers_and_the_draft_still_never(world, django_capture_on_commit_callbacks):
    compendium = build(
        world,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
        statuses=["published", "accepted"],
    )

    text = pdf_text(compendium)
    assert UNPUBLISHED_TITLE in text
    # A reader of the document knows which papers are not public.
    assert "Status: Accepted" in text
    assert text.count("Status: ") == 1
    assert "zanzibar" not in text
    assert compendium.paper_count == 4


def test_kinds_and_sessions_narrow_the_papers(world, django_capture_on_commit_callbacks):
    Submission.objects.filter(pk=world.chinese_paper.pk).update(kind=Submission.Kind.WORKING_PAPER)

    compendium = build(
        world,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
        kinds=[Submission.Kind.WORKING_PAPER],
    )
    text = pdf_text(compendium)
    assert CHINESE_TITLE in text
    assert ARABIC_TITLE not in text
    assert compendium.paper_count == 1

    other = build(
        world,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
        sessions=[world.other_session.pk],
    )
    assert "A paper of another session" in pdf_text(other)
    assert other.paper_count == 1


def test_each_paper_in_the_chosen_language_where_it_exists_else_its_original(world, django_capture_on_commit_callbacks):
    compendium = build(
        world, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks, language="fr", full_text=True
    )

    text = docx_text(compendium)
    # The Kenyan paper has a French version; the Chinese one has not and is read in Chinese.
    assert "Nous proposons la création d'un répertoire des menaces" in text
    assert "We propose the establishment of a threat repository within the United Nations." not in text
    assert "我们建议设立全球信息通信技术安全合作门户" in text


def test_ticking_proposals_keeps_the_choice_and_writes_the_documents_again(
    world, chair_team, django_capture_on_commit_callbacks
):
    compendium = build(world, by=chair_team, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    proposals = list(compendium.proposals.order_by("pk"))
    assert "States should establish national points of contact without delay." in [p.text for p in proposals]
    dropped = [p for p in proposals if p.text.startswith("States should establish")]
    kept = {p.pk for p in proposals} - {p.pk for p in dropped}

    services.choose_proposals(
        compendium=compendium, by=chair_team, included=kept | {999_999}, shown={p.pk for p in proposals}
    )
    compendium.refresh_from_db()
    assert compendium.ticks_pending
    with django_capture_on_commit_callbacks(execute=True):
        services.write_documents(compendium=compendium, by=chair_team)
    compendium.refresh_from_db()
    assert not compendium.ticks_pending

    assert compendium.state == Compendium.State.READY
    assert set(compendium.proposals.filter(included=True).values_list("pk", flat=True)) == kept
    text = pdf_text(compendium)
    assert "We propose the establishment of a threat repository" in text
    # Only in the proposals list, and it is no longer there (full texts are not included).
    assert "States should establish national points of contact" not in text
    # The proposals were not found again: the same rows.
    assert sorted(compendium.proposals.values_list("pk", flat=True)) == sorted(p.pk for p in proposals)


def test_proposals_are_chosen_only_once_ready(world, chair_team):
    compendium = Compendium.objects.create(created_by=chair_team, choices=choices(world))

    with pytest.raises(Conflict):
        services.choose_proposals(compendium=compendium, by=chair_team, included=set(), shown=set())
    with pytest.raises(Conflict):
        services.write_documents(compendium=compendium, by=chair_team)


def test_the_ticks_of_one_page_leave_the_other_proposals_alone(world, chair_team, django_capture_on_commit_callbacks):
    compendium = build(world, by=chair_team, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    first, *others = compendium.proposals.order_by("pk")

    services.choose_proposals(compendium=compendium, by=chair_team, included=set(), shown={first.pk})

    assert not compendium.proposals.get(pk=first.pk).included
    assert all(p.included for p in compendium.proposals.filter(pk__in=[o.pk for o in others]))


def test_a_waiting_build_is_cancelled_at_once_and_a_finished_one_not_at_all(
    world, chair_team, django_capture_on_commit_callbacks
):
    waiting = Compendium.objects.create(created_by=chair_team, choices=choices(world))
    services.cancel_compendium(compendium=waiting, by=chair_team)
    waiting.refresh_from_db()
    assert waiting.state == Compendium.State.CANCELLED

    ready = build(world, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    with pytest.raises(Conflict):
        services.cancel_compendium(compendium=ready, by=chair_team)


def test_a_build_whose_worker_is_gone_is_cancelled_at_once(world, chair_team):
    import datetime

    from django.utils import timezone

    long_ago = timezone.now() - datetime.timedelta(minutes=12)
    stuck = Compendium.objects.create(
        created_by=chair_team, choices=choices(world), state=Compendium.State.BUILDING, started_at=long_ago
    )
    running = Compendium.objects.create(
        created_by=chair_team, choices=choices(world), state=Compendium.State.BUILDING, started_at=timezone.now()
    )

    services.cancel_compendium(compendium=stuck, by=chair_team)
    services.cancel_compendium(compendium=running, by=chair_team)

    stuck.refresh_from_db()
    running.refresh_from_db()
    assert stuck.state == Compendium.State.CANCELLED
    # A live build stops at its next step, when its worker reads the flag.
    assert running.state == Compendium.State.BUILDING and running.cancel_requested


def test_only_an_administrator_deletes_and_the_files_go_too(
    world, chair_team, admin_user, django_capture_on_commit_callbacks
):
    compendium = build(world, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    names = [compendium.docx.name, compendium.pdf.name, compendium.csv.name]
    assert all(default_storage.exists(name) for name in names)

    for person in (chair_team, world.secretariat):
        with pytest.raises(NotAllowed):
            services.delete_compendium(compendium=compendium, by=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_compendium(compendium=compendium, by=admin_user)

    assert not Compendium.objects.filter(pk=compendium.pk).exists()
    assert not any(default_storage.exists(name) for name in names)
    assert AuditEntry.objects.filter(action="compendium.deleted").exists()


def test_a_running_build_is_not_deleted(world, chair_team, admin_user):
    running = Compendium.objects.create(created_by=chair_team, choices=choices(world), state=Compendium.State.BUILDING)

    with pytest.raises(Conflict):
        services.delete_compendium(compendium=running, by=admin_user)
