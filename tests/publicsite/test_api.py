"""The read-only JSON API: the same papers as the pages, with links to each language's file."""

from django.urls import reverse

from publication import services as publishing
from publicsite.references import slug_for

from .conftest import PUBLIC_PHRASE


def test_papers_list_filters_and_searches(client, world):
    data = client.get(reverse("publicsite:api:papers")).json()
    assert data["count"] == 1
    paper = data["results"][0]
    assert paper["reference"] == world.publication.reference
    assert paper["languages"] == ["en", "es", "fr"]
    assert paper["delegation"]["name"] == "Singapore" and paper["cosponsors"] == [
        {"id": world.kenya.pk, "name": "Kenya"}
    ]
    assert client.get(reverse("publicsite:api:papers"), {"language": "ru"}).json()["count"] == 0
    found = client.get(reverse("publicsite:api:papers"), {"q": PUBLIC_PHRASE}).json()
    assert [p["reference"] for p in found["results"]] == [world.publication.reference]


def test_paper_detail_links_each_language_file(client, world):
    slug = slug_for(world.publication.reference)
    data = client.get(reverse("publicsite:api:paper", args=[slug])).json()
    files = {f["language"]: f for f in data["files"]}
    assert set(files) == {"en", "fr", "es"}
    download = client.get(files["es"]["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"El portal")


def test_lists_of_sessions_agenda_and_delegations_count_published_papers(client, world):
    sessions = client.get(reverse("publicsite:api:sessions")).json()["results"]
    assert {s["title"]: s["paper_count"] for s in sessions}[world.session.title] == 1
    items = client.get(reverse("publicsite:api:agenda_items")).json()["results"]
    assert {i["code"]: i["paper_count"] for i in items}["5(e)"] == 1
    delegations = {d["name"]: d for d in client.get(reverse("publicsite:api:delegations")).json()["results"]}
    assert (delegations["Singapore"]["submitted"], delegations["Kenya"]["cosponsored"]) == (1, 1)
    assert "India" not in delegations


def test_answers_carry_validators_and_304_when_unchanged(client, world):
    first = client.get(reverse("publicsite:api:papers"))
    assert first["ETag"] and first["Last-Modified"] and "public" in first["Cache-Control"]
    assert client.get(reverse("publicsite:api:papers"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_openapi_description_and_its_reference_page(client, world):
    response = client.get(reverse("publicsite:api:schema"))
    assert response["ETag"] and "public" in response["Cache-Control"]
    schema = response.content.decode()
    assert "/api/v1/papers/{slug}/" in schema and "published_from" in schema and "download_url" in schema
    page = client.get(reverse("publicsite:api:reference")).content.decode()
    assert "/api/v1/papers/{slug}/" in page and "curl" in page and "download_url" in page


def test_a_search_pages_through_its_hits(client, world):
    publishing.publish(submission=world.unpublished, by=world.secretariat, versions=world.unpublished.versions.all())
    first = client.get(reverse("publicsite:api:papers"), {"q": "readers", "page_size": 1}).json()
    assert first["count"] == 2 and len(first["results"]) == 1 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["previous"]
    assert {first["results"][0]["reference"], second["results"][0]["reference"]} == {
        world.publication.reference,
        world.unpublished.publication.reference,
    }
