"""Every URL of the review namespace, as every role, by GET and by POST: allowed or refused.

The URLs are read from the resolver, so a new dashboard page is walked without anyone
adding it here; a test below fails if a URL takes an argument this file cannot fill.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from review.models import Question
from submissions import services
from submissions.models import CoSponsorship
from tests.factories import DelegateFactory, DelegationFactory, pdf_upload

ROLES = ["anonymous", "delegate", "cosponsor", "chair_team", "secretariat", "admin"]
REVIEWERS = {"chair_team", "secretariat", "admin"}
# Pages of the Secretariat alone: the Chair's team is refused there (403).
SECRETARIAT_ONLY = {"decisions", "announce_decisions", "publish", "unpublish", "set_un_symbol", "record_emailed"}
# Pages under /review/ that belong to the submitting delegation, and who may open them.
DELEGATE_PAGES = {"answer_question": {"delegate"}}
REFUSED = {403, 404}


def review_patterns() -> list[tuple[str, str]]:
    """(name, route) of every URL in the "review" namespace, read from the root resolver."""
    _prefix, resolver = get_resolver().namespace_dict["review"]
    found = []

    def walk(patterns, route=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((pattern.name, route + str(pattern.pattern)))

    walk(resolver.url_patterns)
    return sorted(found)


PATTERNS = review_patterns()


@pytest.fixture
def world(submitted, delegate, secretariat, chair_team, admin_user):
    """A submitted paper of Singapore in two versions, co-sponsored by a third delegation, with an open question."""
    services.add_version(submission=submitted, by=delegate, file=pdf_upload("revised.pdf"), language="fr")
    cosponsoring = DelegationFactory(name="Estonia", iso3="EST")
    CoSponsorship.objects.create(
        submission=submitted, delegation=cosponsoring, status=CoSponsorship.Status.ACCEPTED, invited_by=delegate
    )
    question = Question.objects.create(submission=submitted, asked_by=secretariat, text="Which budget?")
    return {
        "submission": submitted,
        "version": submitted.versions.order_by("number").last(),
        "question": question,
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "cosponsor": DelegateFactory(email="delegate@estonia.example", delegation=cosponsoring),
            "chair_team": chair_team,
            "secretariat": secretariat,
            "admin": admin_user,
        },
    }


def url_for(name: str, route: str, world) -> str:
    kwargs = {}
    if "<uuid:public_id>" in route:
        owner = world["version"] if route.startswith("versions/") else world["submission"]
        kwargs["public_id"] = owner.public_id
    if "<int:pk>" in route:
        kwargs["pk"] = world["question"].pk if route.startswith("questions/") else world["submission"].pk
    return reverse(f"review:{name}", kwargs=kwargs)


def request(client, method: str, url: str, user):
    if user is not None:
        client.force_login(user)
    return client.get(url) if method == "GET" else client.post(url, {})


def test_every_url_can_be_filled():
    assert {"queue", "export", "bulk", "detail"} <= {name for name, _ in PATTERNS}
    for name, route in PATTERNS:
        leftover = route.replace("<uuid:public_id>", "").replace("<int:pk>", "")
        assert "<" not in leftover, f"review:{name} takes an argument test_security cannot fill: {route}"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "route"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_role_reaches_url(client, world, name, route, role, method):
    url = url_for(name, route, world)
    user = world["users"][role]
    response = request(client, method, url, user)
    status = response.status_code
    assert status < 500, f"{method} {url} as {role}: {status}"

    # A method the URL does not take at all is refused to everyone alike (405), leaking nothing.
    if status == 405:
        reviewer = request(client.__class__(), method, url, world["users"]["secretariat"])
        assert reviewer.status_code == 405, f"{method} {url}: 405 for {role} but {reviewer.status_code} for reviewers"
        return

    if role == "anonymous":
        assert status == 302 and response["Location"].startswith("/accounts/login/"), (
            f"{method} {url} anonymous: {status} {response.get('Location')}"
        )
        return
    assert not (status == 302 and response["Location"].startswith("/accounts/login/")), f"{method} {url} as {role}"

    if name in DELEGATE_PAGES:
        if role in DELEGATE_PAGES[name]:
            assert status not in REFUSED, f"{method} {url} as {role}: refused ({status})"
        else:
            assert status in REFUSED, f"{method} {url} as {role}: allowed ({status})"
        return

    if role in ("delegate", "cosponsor"):
        assert status in REFUSED, f"{method} {url} as {role}: allowed ({status})"
    elif role == "chair_team" and name in SECRETARIAT_ONLY:
        assert status == 403, f"{method} {url} as chair_team: {status}, expected 403"
    else:
        assert status not in REFUSED, f"{method} {url} as {role}: refused ({status})"


def test_no_dashboard_link_for_delegates(client, delegate, world):
    client.force_login(delegate)
    html = client.get("/submissions/").content.decode()
    assert 'href="/review/"' not in html
