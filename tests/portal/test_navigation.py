"""Navigation offers each person only the pages they may open."""

import re

import pytest

from tests.factories import UserFactory

LINK = re.compile(r'<a class="(?:nav-link|dropdown-item)[^"]*"[^>]*href="(/[^"#]*)"')


def nav_links(html: str) -> list[str]:
    header = html.split("<header>", 1)[1].split("</header>", 1)[0]
    subnav = re.findall(r'<nav aria-label="Review".*?</nav>', html, re.S)
    return sorted(set(LINK.findall(header) + [h for block in subnav for h in LINK.findall(block)]))


@pytest.fixture
def focal_point(singapore):
    return UserFactory(email="focal@singapore.example", role="focal_point", delegation=singapore)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["delegate", "focal_point", "chair_team", "secretariat", "admin_user"])
def test_every_navigation_link_opens(client, request, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    start = client.get("/", follow=True)
    assert start.status_code == 200
    links = nav_links(start.content.decode())
    if who in ("chair_team", "secretariat", "admin_user"):
        # The review pages carry the review sub-navigation too.
        links = sorted(set(links) | set(nav_links(client.get("/review/").content.decode())))
    assert links, "no navigation found"
    for href in links:
        response = client.get(href)
        assert response.status_code == 200, f"{who} is offered {href}, which answers {response.status_code}"


@pytest.mark.django_db
def test_the_chairs_team_is_not_offered_the_outbox(client, chair_team):
    client.force_login(chair_team)
    html = client.get("/review/").content.decode()
    assert "/notifications/outbox/" not in html
    assert client.get("/notifications/outbox/").status_code == 403


@pytest.mark.django_db
def test_the_secretariat_is_offered_the_outbox(client, secretariat):
    client.force_login(secretariat)
    assert "/notifications/outbox/" in client.get("/review/").content.decode()
