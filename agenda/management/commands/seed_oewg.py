from django.core.management import call_command
from django.core.management.base import BaseCommand

from agenda.seed import SeedReport, load_reference_data


class Command(BaseCommand):
    help = (
        "Load the OEWG's delegations, agenda and sessions from the project's data files. "
        "Safe to run again: rows are matched by their natural key and changed only when they differ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create the demo data: the same as `seed_demo`, which the demo app provides.",
        )

    def handle(self, *args, demo: bool = False, **options):
        if demo:
            # By name, not by import: the demo app sits above every app and none imports it.
            call_command("seed_demo", stdout=self.stdout, stderr=self.stderr)
            return
        report = load_reference_data(SeedReport())
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Seed data loaded."))
        else:
            self.stdout.write("Seed data already up to date: nothing changed.")
