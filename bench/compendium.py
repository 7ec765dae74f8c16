"""The compendium of 2,000 published papers with summaries: time and the worker's peak memory.

The papers (six sub-items, one session, titles and summaries in the six languages, an indexed text
of about 3,000 characters each, a French translation for a third, co-sponsors) are written once with
bulk_create in a database of their own (oewg_bench_compendium) and kept. Then one compendium of all six sub-items is built in a
separate process that runs the Celery task's body, as a worker child does, and the parent reads
that process's peak resident memory (ru_maxrss of its children) and the wall time. The compendium
and its files are removed afterwards.

Prints `bench: compendium_2000_s`, `bench: compendium_peak_mb` and `bench: compendium_2000_cpu_s`.
Standalone: `.venv/bin/python -m bench.compendium` (BENCH_COMPENDIUM_PAPERS, default 2000).
"""

import os
import random
import resource
import subprocess
import sys
import time

from .databases import ensure_database

TAG = "bench-compendium-v1"
BENCH_DB = "oewg_bench_compendium"
SUB_ITEMS = [
    ("5(a)", "Existing and potential threats"),
    ("5(b)", "Rules, norms and principles of responsible State behaviour"),
    ("5(c)", "International law"),
    ("5(d)", "Confidence-building measures"),
    ("5(e)", "Capacity-building"),
    ("5(f)", "Regular institutional dialogue"),
]
TITLES = [
    ("en", "Working paper on a global repository of ICT threats, number {n}"),
    ("fr", "Document de travail sur un répertoire mondial des menaces, numéro {n}"),
    ("es", "Documento de trabajo sobre la creación de capacidad, número {n}"),
    ("ru", "Рабочий документ о мерах укрепления доверия, номер {n}"),
    ("ar", "ورقة عمل بشأن إنشاء مستودع للتهديدات في الأمم المتحدة رقم {n}"),
    ("zh", "关于建立全球信息通信技术安全合作门户的工作文件 第{n}号"),
]
SUMMARIES = {
    "en": "This paper reviews the threats States face. We propose a points-of-contact exercise every year. "
    "States should establish national teams to respond to incidents.",
    "fr": "Ce document examine les menaces. Nous proposons un exercice annuel des points de contact.",
    "es": "Este documento examina las amenazas. Recomendamos un ejercicio anual de los puntos de contacto.",
    "ru": "В документе рассматриваются угрозы. Мы предлагаем ежегодное учение контактных пунктов.",
    "ar": "تستعرض هذه الورقة التهديدات. نقترح إجراء تمرين سنوي لنقاط الاتصال.",
    "zh": "本文件审查了各国面临的威胁。我们建议每年举行一次联络点演练。",
}
BODY_TEXT = (
    "The working group has discussed threats to critical infrastructure at length. "
    "Incidents affecting hospitals and energy grids rose in the period under review. "
    "We recommend that the Secretariat compile a yearly overview of reported incidents. "
    "Capacity-building remains essential for developing States. "
    "The Group should consider a voluntary fund for capacity-building projects. "
) * 8


def populate(total: int, say) -> dict:
    """The papers, made once and kept; returns the ids a compendium chooses."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from agenda.models import AgendaItem, Body, Session
    from delegations.models import Delegation
    from indexing.models import Extraction
    from publication.models import Publication
    from submissions.models import CoSponsorship, Submission, Version

    now = timezone.now()
    body, _ = Body.objects.get_or_create(name=TAG, defaults={"short_name": "BC", "symbol_prefix": "BC/"})
    parent, _ = AgendaItem.objects.get_or_create(body=body, code="5", defaults={"title": "Substantive", "order": 5})
    items = [
        AgendaItem.objects.get_or_create(
            body=body, code=code, defaults={"title": title, "parent": parent, "order": 10 + n}
        )[0]
        for n, (code, title) in enumerate(SUB_ITEMS)
    ]
    session, _ = Session.objects.get_or_create(
        body=body,
        title="Bench compendium session",
        defaults={"number": 1, "start_date": now.date(), "end_date": now.date(), "submission_deadline": now},
    )
    author, _ = User.objects.get_or_create(email="bench-compendium@example.org", defaults={"full_name": "Bench"})
    ids = {"session": session.pk, "sub_items": [item.pk for item in items], "sub_item_codes": [c for c, _ in SUB_ITEMS]}
    have = Submission.objects.filter(session=session).count()
    if have >= total:
        return ids
    say(f"compendium: preparing {total - have} published papers (once; kept in the bench database)")
    rng = random.Random(7)
    delegations = [Delegation.objects.get_or_create(name=f"Bench compendium State {n}")[0] for n in range(60)]
    with transaction.atomic():
        papers = Submission.objects.bulk_create(
            [
                Submission(
                    title=TITLES[n % 6][1].format(n=n),
                    summary=SUMMARIES[TITLES[n % 6][0]],
                    original_language=TITLES[n % 6][0],
                    delegation=rng.choice(delegations),
                    session=session,
                    status=Submission.Status.PUBLISHED,
                    created_by=author,
                    submitted_at=now,
                    reference=f"BC-{n:05d}",
                    version_count=1,
                )
                for n in range(have, total)
            ],
            batch_size=1000,
        )
        through = Submission.sub_items.through
        through.objects.bulk_create(
            [
                through(submission_id=p.pk, agendaitem_id=item.pk)
                for p in papers
                for item in rng.sample(items, rng.choice((1, 1, 2)))
            ],
            batch_size=5000,
        )
        CoSponsorship.objects.bulk_create(
            [
                CoSponsorship(submission=p, delegation=d, invited_by=author, status=CoSponsorship.Status.ACCEPTED)
                for p in papers
                for d in rng.sample([d for d in delegations if d.pk != p.delegation_id], rng.choice((0, 1, 2)))
            ],
            batch_size=5000,
        )
        versions = []
        for p in papers:
            versions.append(_version(p, 1, p.original_language, author))
            if p.pk % 3 == 0 and p.original_language != "fr":
                versions.append(_version(p, 2, "fr", author))
        versions = Version.objects.bulk_create(versions, batch_size=5000)
        Extraction.objects.bulk_create(
            [
                Extraction(version=v, state=Extraction.State.INDEXED, text=BODY_TEXT, queued_at=now, words=400)
                for v in versions
            ],
            batch_size=2000,
        )
        start = Publication.objects.filter(session=session).count()
        publications = Publication.objects.bulk_create(
            [
                Publication(
                    submission=p,
                    session=session,
                    number=start + i + 1,
                    reference=f"BC/2026/WP.{start + i + 1}",
                    published_at=now,
                    published_by=author,
                )
                for i, p in enumerate(papers)
            ],
            batch_size=2000,
        )
        by_paper: dict[int, list] = {}
        for v in versions:
            by_paper.setdefault(v.submission_id, []).append(v)
        link = Publication.versions.through
        link.objects.bulk_create(
            [link(publication_id=pub.pk, version_id=v.pk) for pub in publications for v in by_paper[pub.submission_id]],
            batch_size=5000,
        )
    return ids


def _version(paper, number: int, language: str, author):
    from submissions.models import Version

    return Version(
        submission=paper,
        number=number,
        revision=1,
        language=language,
        file=f"versions/bench-compendium/{paper.pk}-{number}.txt",
        original_name="paper.txt",
        size=len(BODY_TEXT),
        sha256=f"{paper.pk:064d}",
        content_type="text/plain",
        uploaded_by=author,
    )


def measure(ids: dict, report, say) -> None:
    from accounts.models import User
    from compendium.models import Compendium

    author = User.objects.get(email="bench-compendium@example.org")
    compendium = Compendium.objects.create(
        created_by=author,
        title="Bench",
        choices={
            "sessions": [ids["session"]],
            "session_titles": ["Bench compendium session"],
            "sub_items": ids["sub_items"],
            "sub_item_codes": ids["sub_item_codes"],
            "kinds": [],
            "statuses": ["published"],
            "language": "en",
            "full_text": False,
            "interface_language": "en",
        },
        steps_total=len(ids["sub_items"]) + 1,
    )
    say("compendium: building in a separate process, as a worker does")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.compendium", "--build", str(compendium.pk)], check=True)
    elapsed = time.perf_counter() - started
    # Linux gives ru_maxrss in KiB: the largest resident set of any child waited for (only this one).
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    compendium.refresh_from_db()
    if compendium.state != Compendium.State.READY:
        say(f"compendium: the build ended {compendium.state}: {compendium.failure_reason}")
    else:
        sizes = ", ".join(f"{name} {getattr(compendium, name).size // 1024} KiB" for name in ("docx", "pdf", "csv"))
        say(f"compendium: {compendium.paper_count} papers, {compendium.proposals.count()} proposals; {sizes}")
    report("compendium_2000_s", round(elapsed, 1), "s")
    report("compendium_peak_mb", round(peak_mb), "MB")
    # The processor time alone: the wall time above grows with whatever else the machine runs.
    report("compendium_2000_cpu_s", round(usage.ru_utime + usage.ru_stime, 1), "s")
    for name in ("docx", "pdf", "csv"):
        field = getattr(compendium, name)
        if field:
            field.storage.delete(field.name)
    compendium.delete()


def run(report, say) -> None:
    """Called by bench/__main__.py: the whole measure in its own process and its own database
    (oewg_bench_compendium), so that these papers never change the search and queue figures."""
    from .__main__ import bench_database_url

    if not bench_database_url():
        say("compendium: PostgreSQL needed; skipped")
        return
    env = {**os.environ, "DATABASE_URL": ensure_database(BENCH_DB)}
    subprocess.run([sys.executable, "-m", "bench.compendium"], check=False, env=env)


def _setup():
    from .__main__ import ROOT

    if not os.environ.get("DATABASE_URL", "").endswith("/" + BENCH_DB):
        database_url = ensure_database(BENCH_DB)
        if not database_url:
            sys.exit("bench.compendium needs PostgreSQL (DATABASE_URL)")
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> None:
    if sys.argv[1:2] == ["--build"]:
        # The child: what a worker runs for the task, nothing more.
        _setup()
        from compendium.tasks import build_compendium

        build_compendium(int(sys.argv[2]))
        return
    from .__main__ import report, say

    _setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    ids = populate(int(os.environ.get("BENCH_COMPENDIUM_PAPERS", "2000")), say)
    measure(ids, report, say)


if __name__ == "__main__":
    main()
