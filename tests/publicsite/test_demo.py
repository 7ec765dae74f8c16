"""`make run` publishes two demo papers in English, French and Spanish, once."""

from django.core.management import call_command

from publication.models import Publication
from submissions import services

from .conftest import text_file

TITLE = "Working paper on Global Cyber Security Cooperation Portal"


def test_demo_papers_are_published_in_three_languages_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        paper = services.create_submission(
            by=world.indian, title=TITLE, session=world.session, sub_items=[world.sub_item], file=text_file("Text")
        )
        services.submit_submission(submission=paper, by=world.indian)
        call_command("publish_demo_papers")
    publication = Publication.objects.get(submission=paper)
    assert sorted(publication.versions.values_list("language", flat=True)) == ["en", "es", "fr"]
    assert set(publication.versions.values_list("revision", flat=True)) == {1}

    call_command("publish_demo_papers")
    assert paper.versions.count() == 3 and Publication.objects.filter(submission=paper).count() == 1
