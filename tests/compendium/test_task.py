"""The build task: progress sub-item by sub-item, cancel between steps, failures in words, redelivery."""

import pytest

from compendium import building, selectors, tasks
from compendium.documents import pdf as pdf_document
from compendium.models import Compendium

from .conftest import choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(world, chair_team):
    return Compendium.objects.create(created_by=chair_team, choices=choices(world), steps_total=3)


def test_progress_moves_sub_item_by_sub_item(waiting, monkeypatch):
    seen = []
    read_chapter = selectors.chapter

    def spy(compendium, sub_item, **kwargs):
        row = Compendium.objects.get(pk=compendium.pk)
        seen.append((row.state, row.current_step, row.steps_done, row.progress))
        return read_chapter(compendium, sub_item, **kwargs)

    monkeypatch.setattr(selectors, "chapter", spy)

    assert tasks.build_compendium(waiting.pk) == Compendium.State.READY

    assert seen == [("building", "5(a)", 0, 0), ("building", "5(e)", 1, 33)]
    waiting.refresh_from_db()
    assert (waiting.progress, waiting.steps_done, waiting.steps_total) == (100, 3, 3)


def test_a_cancel_stops_the_build_between_two_sub_items(waiting, monkeypatch):
    read_chapter = selectors.chapter

    def cancel_after_the_first(compendium, sub_item, **kwargs):
        Compendium.objects.filter(pk=compendium.pk).update(cancel_requested=True)
        return read_chapter(compendium, sub_item, **kwargs)

    monkeypatch.setattr(selectors, "chapter", cancel_after_the_first)

    assert tasks.build_compendium(waiting.pk) == Compendium.State.CANCELLED
    waiting.refresh_from_db()
    assert waiting.state == Compendium.State.CANCELLED
    assert waiting.steps_done == 0
    assert not waiting.pdf and not waiting.docx and not waiting.csv


def test_a_failure_says_where_and_what(waiting, monkeypatch):
    def broken(self, chapter):
        raise ValueError("the page is on fire")

    monkeypatch.setattr(pdf_document.PdfWriter, "chapter", broken)

    assert tasks.build_compendium(waiting.pk) == Compendium.State.FAILED
    waiting.refresh_from_db()
    assert waiting.failure_reason == "The papers of sub-item 5(a) could not be read: the page is on fire"


def test_missing_fonts_are_named(waiting, monkeypatch, tmp_path):
    monkeypatch.setitem(pdf_document.FONTS, ("wqy", ""), tmp_path / "wqy-microhei.ttc")

    tasks.build_compendium(waiting.pk)

    waiting.refresh_from_db()
    assert waiting.state == Compendium.State.FAILED
    assert "fonts for Arabic and Chinese are not installed" in waiting.failure_reason
    assert "wqy-microhei.ttc" in waiting.failure_reason


def test_a_redelivered_first_build_finds_each_proposal_once(waiting):
    assert tasks.build_compendium(waiting.pk) == Compendium.State.READY
    count = waiting.proposals.count()
    assert count > 0
    # The worker died after the proposals were stored, before the row said so: the message comes again.
    Compendium.objects.filter(pk=waiting.pk).update(state=Compendium.State.BUILDING, proposals_found=False)

    assert tasks.build_compendium(waiting.pk) == Compendium.State.READY
    assert waiting.proposals.count() == count


def test_a_finished_or_deleted_compendium_is_left_alone(waiting):
    Compendium.objects.filter(pk=waiting.pk).update(state=Compendium.State.CANCELLED)

    assert tasks.build_compendium(waiting.pk) == "skipped"
    assert tasks.build_compendium(999_999) == "skipped"


def test_the_task_goes_to_the_default_queue(settings):
    from portal.celery import app

    assert app.amqp.router.route({}, tasks.build_compendium.name)["queue"].name == "default"


def test_the_failure_message_of_each_step():
    assert "documents could not be written" in building.failure_message(building.FILES_STEP, OSError("disk full"))
    assert "could not be started" in building.failure_message("", RuntimeError("x"))
