"""Rebuild the search index from the stored files: it is derived data.

Streams the versions in batches of ids (keyset pagination), reads one file at a time, and
keeps no text longer than one version needs, so memory stays flat whatever the archive's size.
"""

import time

from django.core.management.base import BaseCommand

from indexing import services
from submissions.models import Version


class ProgressBar:
    def __init__(self, total: int, stream, width: int = 30):
        self.total, self.stream, self.width = total, stream, width
        self.done = 0
        self.started = time.monotonic()
        self.interactive = getattr(stream, "isatty", lambda: False)()
        self.last_line = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.interactive or now - self.last_line > 5 or self.done == self.total:
            self.last_line = now
            self.draw(now)

    def draw(self, now: float) -> None:
        share = self.done / self.total if self.total else 1
        filled = int(share * self.width)
        rate = self.done / max(now - self.started, 1e-6)
        remaining = (self.total - self.done) / rate if rate else 0
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} "
            f"{share:6.1%} {rate:6.1f}/s, {remaining:5.0f} s left"
        )
        self.stream.write(("\r" if self.interactive else "") + line + ("" if self.interactive else "\n"))
        self.stream.flush()

    def close(self) -> None:
        if self.interactive:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Read every version's stored file again and rebuild the search index (in batches, bounded memory)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200, help="Versions loaded per batch (default 200).")
        parser.add_argument(
            "--from-text",
            action="store_true",
            help="Reindex the text already extracted instead of reading the files again (after a search change).",
        )
        parser.add_argument("--failed-only", action="store_true", help="Only versions whose indexing failed.")

    def handle(self, *args, batch_size, from_text, failed_only, **options):
        versions = Version.objects.order_by("pk")
        if failed_only:
            versions = versions.filter(extraction__state="failed")
        if from_text:
            versions = versions.filter(extraction__state="indexed")
        total = versions.count()
        bar = ProgressBar(total, self.stderr._out)
        outcome = {"indexed": 0, "failed": 0, "skipped": 0}
        last_pk = 0
        while True:
            batch = list(versions.filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size])
            if not batch:
                break
            for version_id in batch:
                if from_text:
                    state = services.reindex_text(version_id=version_id)
                else:
                    state = services.extract_now(version_id=version_id)
                outcome[state if state in outcome else "skipped"] += 1
                bar.advance()
            last_pk = batch[-1]
        bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {outcome['indexed']} indexed, {outcome['failed']} failed, "
                f"{outcome['skipped']} skipped, of {total} versions."
            )
        )
