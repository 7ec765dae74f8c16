"""A mail about a published paper names its published reference and links to its public page."""

from django.conf import settings

from notifications.models import Follow, Message
from publication import services as publishing
from publicsite.references import slug_for
from review import workflow
from submissions import services


def test_india_follows_a_sub_item_and_opens_the_paper_from_its_mail(client, world):
    Follow.objects.create(user=world.indian, agenda_item=world.sub_item)
    paper = services.submit_submission(submission=world.draft, by=world.delegate)
    workflow.record_decision(submission=paper, outcome="accept", by=world.secretariat, announce=True)
    publication = publishing.publish(submission=paper, by=world.secretariat, versions=paper.versions.all())

    mail = Message.objects.get(recipient=world.indian, kind="followed_new_paper")
    link = f"{settings.SITE_URL}/papers/{slug_for(publication.reference)}/"
    assert publication.reference in mail.subject and publication.reference in mail.body_text
    assert link in mail.body_text and f'href="{link}"' in mail.body_html
    assert paper.reference not in mail.subject
    assert mail.url == link  # the link a digest lists: India follows the sub-item in a daily digest by default

    client.force_login(world.indian)
    assert client.get(link.removeprefix(settings.SITE_URL)).status_code == 200


def test_the_delegation_is_told_where_its_published_paper_is_read(world):
    mail = Message.objects.get(
        event="submission.published", recipient=world.delegate, subject__contains=world.publication.reference
    )
    assert f"/papers/{slug_for(world.publication.reference)}/" in mail.body_text
