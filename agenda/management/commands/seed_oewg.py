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
            help="Also create demo accounts, a session open for submissions, and eight demo papers.",
        )

    def handle(self, *args, demo: bool = False, **options):
        report = load_reference_data(SeedReport())
        if demo:
            from agenda.demo import load_demo

            load_demo(report)
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Seed data loaded."))
        else:
            self.stdout.write("Seed data already up to date: nothing changed.")
