"""Nothing unpublished is reachable from the public site, its feeds or its API, by anyone outside."""

import pytest
from django.urls import reverse

from publicsite.references import slug_for

from .conftest import SECRET


def public_urls(world):
    slug = slug_for(world.publication.reference)
    unpublished_slug = slug_for(world.unpublished.publication.reference)
    urls = [
        "/",
        reverse("publicsite:agenda"),
        reverse("publicsite:papers"),
        reverse("publicsite:papers") + "?language=en&sort=title",
        reverse("publicsite:paper", args=[slug]),
        reverse("publicsite:delegations"),
        reverse("publicsite:feed"),
        reverse("publicsite:feed_sub_item", args=[world.sub_item.pk]),
        reverse("publicsite:feed_session", args=[world.session.pk]),
        reverse("publicsite:api:papers"),
        reverse("publicsite:api:paper", args=[slug]),
        reverse("publicsite:api:sessions"),
        reverse("publicsite:api:agenda_items"),
        reverse("publicsite:api:delegations"),
        reverse("publicsite:api:reference"),
        reverse("publicsite:api:schema"),
    ]
    for code in ("en", "fr", "es"):
        urls.append(reverse("publicsite:paper_text", args=[slug, code]))
        urls.append(reverse("publicsite:paper_download", args=[slug, code]))
    for delegation in (world.singapore, world.kenya, world.india):
        urls.append(reverse("publicsite:delegation", args=[delegation.pk]))
        urls.append(reverse("publicsite:feed_delegation", args=[delegation.pk]))
    for word in SECRET.values():
        urls.append(reverse("publicsite:search") + f"?q={word.split()[0]}")
        urls.append(reverse("publicsite:api:papers") + f"?q={word.split()[0]}")
    hidden = [
        reverse("publicsite:paper", args=[unpublished_slug]),
        reverse("publicsite:api:paper", args=[unpublished_slug]),
        reverse("publicsite:paper_text", args=[unpublished_slug, "en"]),
        reverse("publicsite:paper_download", args=[unpublished_slug, "en"]),
    ]
    for version in world.published.versions.all():  # no file is an "earlier published version" yet
        hidden.append(reverse("publicsite:earlier_version_download", args=[slug, version.public_id]))
    return urls, hidden


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


@pytest.mark.parametrize("reader", ["anonymous", "other_delegation"])
def test_every_public_address_shows_published_things_only(client, world, reader):
    urls, hidden = public_urls(world)
    if reader == "other_delegation":
        # Kenya co-sponsors the published paper and has no unpublished work of its own.
        client.force_login(world.kenyan)
        urls.remove("/")  # a person logged in goes on to their own work from there
    forbidden = [
        *SECRET.values(),
        world.delegate.email,
        world.delegate.full_name,
        world.indian.email,
        world.indian.full_name,
        world.secretariat.email,
        world.secretariat.full_name,
        world.draft.title,
        world.withdrawn.title,
        world.unpublished.title,
        world.under_review.title,
        "Changed our mind",
        "A wrong file",
    ]
    if reader == "anonymous":
        forbidden += [world.kenyan.email, world.kenyan.full_name]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        for secret in forbidden:
            assert secret not in text, (url, secret)
    for url in hidden:
        assert client.get(url).status_code == 404, url


def test_an_unpublished_language_or_revision_has_no_file_or_text(client, world):
    slug = slug_for(world.publication.reference)
    for code in ("ru", "ar", "zh"):
        assert client.get(reverse("publicsite:paper_text", args=[slug, code])).status_code == 404
        assert client.get(reverse("publicsite:paper_download", args=[slug, code])).status_code == 404
    english = body(client.get(reverse("publicsite:paper_download", args=[slug, "en"])))
    assert SECRET["revision"] not in english


def test_search_for_a_phrase_only_an_unpublished_paper_contains_finds_nothing(client, world):
    for secret in SECRET.values():
        page = client.get(reverse("publicsite:search"), {"q": f'"{secret}"'}).content.decode()
        assert "No published paper contains all these words" in page, secret
        api = client.get(reverse("publicsite:api:papers"), {"q": f'"{secret}"'}).json()
        assert api["count"] == 0 and api["results"] == []
