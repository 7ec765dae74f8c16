"""List pages cost the same number of queries with few or many organisations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stakeholders import services
from stakeholders.models import Application, Round

from .conftest import make_application


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add(country, n, start=0):
    for i in range(start, start + n):
        application = make_application(country, name=f"Organisation {i}", email=f"o{i}@org.example")
        Application.objects.filter(pk=application.pk).update(status=Application.Status.ACCREDITED)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url,who",
    [("/stakeholders/accredited/", None), ("/stakeholders/applications/", "secretariat")],
)
def test_lists_cost_a_constant_number_of_queries(client, france, secretariat, url, who):
    if who:
        client.force_login(secretariat)
    _add(france, 2)
    client.get(url)  # caches warmed (sessions, content types)
    few = _queries(client, url)
    _add(france, 15, start=2)
    assert _queries(client, url) == few


@pytest.mark.django_db
def test_the_circulated_list_costs_a_constant_number_of_queries(client, france, secretariat, kenya_focal_point):
    def circulate(n, start):
        apps = [make_application(france, name=f"Org {i}", email=f"c{i}@org.example") for i in range(start, start + n)]
        services.open_round(
            by=secretariat, title=f"R{start}", period_days=14, visibility="delegations", applications=apps
        )

    circulate(2, 0)
    client.force_login(kenya_focal_point)
    client.get("/stakeholders/circulated/")
    few = _queries(client, "/stakeholders/circulated/")
    # The same round with twelve applicants.
    apps = [make_application(france, name=f"Org {i}", email=f"d{i}@org.example") for i in range(10)]
    round_ = Round.objects.get()
    for application in apps:
        Application.objects.filter(pk=application.pk).update(status="circulated", round=round_)
    assert _queries(client, "/stakeholders/circulated/") == few
