"""Each publication's published versions, with when, rebuilt from the papers' history.

Until now only the paper's history told which files each publication published: its
"published" entries name them ("3 (fr)"), its "unpublished" entries end them. Walking them
in order gives each version's stretches of publication. The publication's own record then
has the last word: its current versions are open from its date if the history missed them,
and a paper taken off has nothing left open.
"""

import re

from django.db import migrations

CHUNK = 500
NUMBER = re.compile(r"\s*v?(\d+)")


def numbers_of(data) -> set[int]:
    found = set()
    for label in (data or {}).get("versions") or []:
        match = NUMBER.match(str(label))
        if match:
            found.add(int(match.group(1)))
    return found


def periods_of(publication, events, version_ids: dict[int, int], current: set[int]):
    """(version id, published at, ended at or None) for one publication."""
    periods, open_since = [], {}
    for kind, at, data in events:
        if kind == "published":
            chosen = {version_ids[n] for n in numbers_of(data) if n in version_ids}
            for pk in [pk for pk in open_since if pk not in chosen]:
                periods.append((pk, open_since.pop(pk), at))
            for pk in chosen:
                open_since.setdefault(pk, at)
        elif kind == "unpublished":
            periods += [(pk, since, at) for pk, since in open_since.items()]
            open_since = {}
    if publication.unpublished_at is None:
        for pk in [pk for pk in open_since if pk not in current]:
            since = open_since.pop(pk)
            periods.append((pk, since, max(since, publication.published_at)))
        for pk in current:
            open_since.setdefault(pk, publication.published_at)
        periods += [(pk, since, None) for pk, since in open_since.items()]
    else:
        if not any(kind == "published" for kind, _at, _data in events):
            open_since = {pk: publication.published_at for pk in current}
        periods += [(pk, since, max(since, publication.unpublished_at)) for pk, since in open_since.items()]
    return periods


def fill(apps, schema_editor):
    Publication = apps.get_model("publication", "Publication")
    PublishedVersion = apps.get_model("publication", "PublishedVersion")
    Event = apps.get_model("submissions", "Event")
    Version = apps.get_model("submissions", "Version")
    chosen = Publication.versions.through
    publications = list(Publication.objects.order_by("pk"))
    for start in range(0, len(publications), CHUNK):
        chunk = publications[start : start + CHUNK]
        papers = [p.submission_id for p in chunk]
        events, version_ids, current = {}, {}, {}
        for paper, kind, at, data in (
            Event.objects.filter(submission_id__in=papers, kind__in=["published", "unpublished"])
            .order_by("at", "pk")
            .values_list("submission_id", "kind", "at", "data")
        ):
            events.setdefault(paper, []).append((kind, at, data))
        for paper, number, pk in Version.objects.filter(submission_id__in=papers).values_list(
            "submission_id", "number", "pk"
        ):
            version_ids.setdefault(paper, {})[number] = pk
        for publication, version in chosen.objects.filter(publication_id__in=[p.pk for p in chunk]).values_list(
            "publication_id", "version_id"
        ):
            current.setdefault(publication, set()).add(version)
        PublishedVersion.objects.bulk_create(
            [
                PublishedVersion(publication_id=p.pk, version_id=version, published_at=since, ended_at=until)
                for p in chunk
                for version, since, until in periods_of(
                    p,
                    events.get(p.submission_id, []),
                    version_ids.get(p.submission_id, {}),
                    current.get(p.pk, set()),
                )
            ]
        )


def empty(apps, schema_editor):
    apps.get_model("publication", "PublishedVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publication", "0004_published_version"),
        ("submissions", "0005_version_revision"),
    ]

    operations = [migrations.RunPython(fill, empty)]
