"""What an anonymous visitor finds on the public pages."""

from django.urls import reverse

from publicsite.references import reference_for, slug_for

from .conftest import PUBLIC_PHRASE


def paper_url(world):
    return reverse("publicsite:paper", args=[slug_for(world.publication.reference)])


def test_the_address_of_a_paper_is_built_from_its_reference_and_back():
    for reference in ("OEWG/2024/WP.7", "OEWG-2024-7", "A/AC.292/2025/CRP.1"):
        assert reference_for(slug_for(reference)) == reference
    assert slug_for("OEWG/2024/WP.7") == "OEWG-2024-WP.7"


def test_home_shows_the_session_the_latest_papers_and_counts_per_sub_item(client, world):
    page = client.get("/").content.decode()
    assert world.session.title in page
    assert world.published.title in page
    assert "5(e)</bdi> Capacity-building" in page


def test_logged_in_people_still_go_on_to_their_work(client, world):
    client.force_login(world.delegate)
    assert client.get("/").url == reverse("submissions:list")


def test_paper_page_shows_what_is_published_and_each_language(client, world):
    response = client.get(paper_url(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert world.publication.reference in page and "Kenya" in page and "Singapore" in page
    for code in ("en", "fr", "es"):
        assert reverse("publicsite:paper_text", args=[slug_for(world.publication.reference), code]) in page
    assert reverse("publicsite:paper_text", args=[slug_for(world.publication.reference), "ru"]) not in page
    assert page.count("Not available in this language") == 3


def test_reading_in_french_and_downloading_in_spanish(client, world):
    slug = slug_for(world.publication.reference)
    text = client.get(reverse("publicsite:paper_text", args=[slug, "fr"])).content.decode()
    assert "Le portail de coopération interopérable" in text
    download = client.get(reverse("publicsite:paper_download", args=[slug, "es"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"El portal")
    assert "attachment" in download["Content-Disposition"] and download["ETag"] and download["Last-Modified"]
    assert "public" in download["Cache-Control"]


def test_list_filters_by_language_and_delegation(client, world):
    page = client.get(reverse("publicsite:papers"), {"language": "fr"}).content.decode()
    assert world.published.title in page
    page = client.get(reverse("publicsite:papers"), {"language": "ru"}).content.decode()
    assert world.published.title not in page
    page = client.get(reverse("publicsite:papers"), {"cosponsor": world.kenya.pk}).content.decode()
    assert world.published.title in page
    page = client.get(reverse("publicsite:papers"), {"delegation": world.kenya.pk}).content.decode()
    assert world.published.title not in page


def test_search_finds_a_paper_once_by_a_phrase_of_its_body(client, world):
    page = client.get(reverse("publicsite:search"), {"q": f'"{PUBLIC_PHRASE}"'}).content.decode()
    assert page.count(f'href="{paper_url(world)}"') == 1
    assert "<mark>" in page
    page = client.get(reverse("publicsite:search"), {"q": "coopération interopérable"}).content.decode()
    assert world.published.title in page


def test_a_conditional_request_is_answered_not_modified(client, world):
    first = client.get(reverse("publicsite:papers"))
    again = client.get(reverse("publicsite:papers"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(reverse("publicsite:feed"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_delegation_page_lists_submitted_and_cosponsored_papers(client, world):
    for delegation in (world.singapore, world.kenya):
        page = client.get(reverse("publicsite:delegation", args=[delegation.pk])).content.decode()
        assert world.published.title in page


def test_agenda_lists_sub_items_and_sessions_with_their_papers(client, world):
    page = client.get(reverse("publicsite:agenda")).content.decode()
    assert world.published.title in page and world.session.title in page


def test_a_delegate_also_finds_their_own_unpublished_work_and_no_one_elses(client, world):
    from .conftest import SECRET

    word = SECRET["draft"].split()[0]
    client.force_login(world.delegate)
    page = client.get(reverse("publicsite:search"), {"q": word}).content.decode()
    assert "not published yet" in page and world.draft.title in page
    assert reverse("submissions:detail", args=[world.draft.public_id]) in page
    assert "no-cache" in client.get(reverse("publicsite:search"), {"q": word})["Cache-Control"]

    client.force_login(world.indian)
    page = client.get(reverse("publicsite:search"), {"q": word}).content.decode()
    assert world.draft.title not in page
    client.logout()
    assert world.draft.title not in client.get(reverse("publicsite:search"), {"q": word}).content.decode()


def test_a_file_published_before_stays_readable_once_replaced(client, world):
    from publication import services as publishing

    from .conftest import SECRET

    paper = world.published
    first_english = paper.versions.get(number=1)
    revised = paper.versions.get(revision=2, language="en")
    publishing.unpublish(submission=paper, by=world.secretariat, reason="A revised text")
    publishing.publish(
        submission=paper, by=world.secretariat, versions=[revised, *paper.versions.filter(language__in=["fr", "es"])]
    )
    slug = slug_for(world.publication.reference)
    page = client.get(paper_url(world)).content.decode()
    assert "Earlier published versions" in page
    earlier = reverse("publicsite:earlier_version_download", args=[slug, first_english.public_id])
    assert earlier in page
    assert b"".join(client.get(earlier).streaming_content).startswith(b"The interoperable")
    current = b"".join(client.get(reverse("publicsite:paper_download", args=[slug, "en"])).streaming_content)
    assert SECRET["revision"].encode() in current
    gone = reverse("publicsite:earlier_version_download", args=[slug, revised.public_id])
    assert client.get(gone).status_code == 404


def test_related_papers_share_sub_items_or_the_words_of_the_title(client, world, django_capture_on_commit_callbacks):
    from publication import services as publishing
    from review import workflow
    from submissions import services
    from tests.factories import AgendaItemFactory

    from .conftest import text_file

    elsewhere = AgendaItemFactory(code="5(d)", title="Confidence-building measures", body=world.item.body)
    with django_capture_on_commit_callbacks(execute=True):
        other = services.create_submission(
            by=world.kenyan,
            title="Points of contact",
            session=world.session,
            sub_items=[elsewhere],
            file=text_file("An interoperable directory of points of contact."),
        )
    services.submit_submission(submission=other, by=world.kenyan)
    workflow.record_decision(submission=other, outcome="accept", by=world.secretariat, announce=True)
    publishing.publish(submission=other, by=world.secretariat, versions=other.versions.all())

    related = client.get(paper_url(world)).content.decode().split('id="related-heading"')[1]
    assert "Points of contact" in related
