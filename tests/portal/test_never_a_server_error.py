"""Every URL of the portal, as every kind of person, with junk in the query string and the form:
a page or a clear refusal, never a server error.

The URLs are read from the resolver, so a new page is walked without anyone adding it here.
"""

import datetime
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from agenda.models import DeadlineExtension
from notifications.models import Message
from publication.references import slug_for
from review.models import Question
from submissions import services

SKIP_NAMESPACES = {"admin"}
JUNK_QUERY = {
    "page": "abc",
    "per_page": "-5",
    "sort": "'; DROP TABLE x;--",
    "q": '" OR 1=1 AND "',
    "status": "nope",
    "sub_item": "999999999999999999999",
    "session": "x",
    "format": "pdf",
    "a": "not-a-uuid",
    "b": str(uuid.uuid4()),
    "state": "<script>",
    "date_from": "31/31/2024",
    "actor": "-1",
}
JUNK_VALUES = ["", "'", "x" * 5000, "99999999999999999999", "not-a-uuid", "2024-13-45T99:99", "<b>", "\x00"]
FIELDS = [
    "title", "kind", "session", "sub_items", "summary", "original_language", "cosponsors", "form_token", "action",
    "language", "note", "file", "delegation", "deadline", "reason", "text", "outcome", "announce", "comment",
    "to", "to_status", "assign_to", "submission", "versions", "un_symbol", "answer", "include_cosponsors",
    "full_name", "email", "role", "preferred_language", "next", "received_at", "token", "otp_token",
]  # fmt: skip


def named_urls():
    found = []

    def walk(patterns, route="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:  # nested namespaces reverse as "outer:inner:name"
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, route + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace not in SKIP_NAMESPACES:
                found.append(
                    (f"{namespace}:{pattern.name}" if namespace else pattern.name, route + str(pattern.pattern))
                )

    walk(get_resolver().url_patterns)
    return sorted(found)


URLS = named_urls()


@pytest.fixture
def world(submitted, delegate, other_delegate, secretariat, chair_team, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_cosponsor(submission=submitted, delegation=other_delegate.delegation, by=delegate)
    question = Question.objects.create(submission=submitted, asked_by=secretariat, text="Which budget?")
    extension = DeadlineExtension.objects.create(
        session=submitted.session, delegation=delegate.delegation, deadline=timezone.now() + datetime.timedelta(days=30)
    )
    message = Message.objects.filter(recipient=delegate).first()
    return {
        "submission": submitted,
        "version": submitted.versions.get(),
        "invitation": invitation,
        "question": question,
        "extension": extension,
        "message": message,
        "people": [None, delegate, other_delegate, chair_team, secretariat, admin_user],
    }


def fill(name: str, route: str, world) -> str:
    kwargs = {}
    if "<uuid:public_id>" in route:
        if "versions/" in route and not route.startswith("submissions/"):
            kwargs["public_id"] = world["version"].public_id
        elif route.startswith("notifications/"):
            kwargs["public_id"] = world["message"].public_id if world["message"] else uuid.uuid4()
        else:
            kwargs["public_id"] = world["submission"].public_id
    if "<int:pk>" in route:
        kwargs["pk"] = {
            "review:answer_question": world["question"].pk,
            "submissions:respond": world["invitation"].pk,
            "submissions:cancel_invitation": world["invitation"].pk,
            "agenda:set_deadline": world["submission"].session_id,
            "agenda:revoke_extension": world["extension"].pk,
        }.get(name, 1)
    if "<uidb64>" in route:
        kwargs.update(uidb64="MQ", token="set-password")
    if "<str:slug>" in route:
        # The address of a paper from its published reference (or of none, when it has no reference).
        kwargs["slug"] = slug_for(world["submission"].reference or "OEWG/2024/WP.1")
    if "<str:language>" in route:
        kwargs["language"] = "en"
    if "<str:kind>" in route:
        kwargs["kind"] = "pdf"
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "route"), URLS, ids=[name for name, _ in URLS])
def test_junk_never_causes_a_server_error(client, world, name, route):
    url = fill(name, route, world)
    for person in world["people"]:
        client.logout()
        if person is not None:
            client.force_login(person)
        response = client.get(url, JUNK_QUERY)
        assert response.status_code < 500, (url, person, "GET")
        for value in JUNK_VALUES:
            data = dict.fromkeys(FIELDS, value)
            response = client.post(url, data)
            assert response.status_code < 500, (url, person, "POST", value[:20])
