from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from submissions.permission_table import table, with_table


class Command(BaseCommand):
    help = "Print the permission × role table computed from the rules, or --write it into docs/ARCHITECTURE.md."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="rewrite the table in docs/ARCHITECTURE.md")

    def handle(self, *args, write=False, **options):
        if not write:
            self.stdout.write(table())
            return
        path = Path(settings.BASE_DIR) / "docs" / "ARCHITECTURE.md"
        path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
        self.stdout.write(f"Wrote the permission table into {path}.")
