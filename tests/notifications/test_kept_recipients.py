"""The Chair's team, the Secretariat and the sub-items someone follows are kept in the cache between
changes (notifications.events.staff, notifications.selectors.followed_sub_items): a change of
people or follows reaches the very next paper's notices."""

import pytest

from notifications import services as notifications
from notifications.models import Delivery, Message
from submissions import services
from tests.factories import SecretariatFactory, pdf_upload

pytestmark = pytest.mark.django_db


def new_paper(delegate, session, sub_item, title):
    paper = services.create_submission(by=delegate, title=title, session=session, sub_items=[sub_item])
    services.add_version(submission=paper, by=delegate, file=pdf_upload(), language="en")
    return services.submit_submission(submission=paper, by=delegate)


def told(user, paper) -> bool:
    return Message.objects.filter(recipient=user, about_id=paper.pk).exists()


def test_a_new_member_of_the_secretariat_hears_of_the_next_paper_and_one_who_left_does_not(
    delegate, secretariat, session, sub_item
):
    first = new_paper(delegate, session, sub_item, "First")  # the staff are kept now
    assert told(secretariat, first)

    newcomer = SecretariatFactory(email="newcomer@un.example")
    secretariat.is_active = False
    secretariat.save()
    second = new_paper(delegate, session, sub_item, "Second")
    assert told(newcomer, second)
    assert not told(secretariat, second)


def test_someone_who_starts_following_a_sub_item_hears_of_the_next_paper_on_it(delegate, chair_team, session, sub_item):
    notifications.update_preferences(user=chair_team, deliveries={"submission_received": Delivery.OFF})
    first = new_paper(delegate, session, sub_item, "First")  # nobody follows it: kept as such
    assert not told(chair_team, first)

    notifications.update_preferences(user=chair_team, deliveries={}, followed_items=[sub_item])
    second = new_paper(delegate, session, sub_item, "Second")
    assert Message.objects.get(recipient=chair_team, about_id=second.pk).kind == "followed_new_paper"

    notifications.update_preferences(user=chair_team, deliveries={}, followed_items=[])
    third = new_paper(delegate, session, sub_item, "Third")
    assert not told(chair_team, third)
