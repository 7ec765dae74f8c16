from django.core.management.base import BaseCommand

from agenda.seed import SeedReport, load_reference_data
from demo.load import load_demo


class Command(BaseCommand):
    help = (
        "Load the OEWG's reference data (as seed_oewg does), then demo accounts, a session open for "
        "submissions, and eight demo papers. Safe to run again."
    )

    def handle(self, *args, **options):
        report = load_demo(load_reference_data(SeedReport()))
        for line in report.lines():
            self.stdout.write(line)
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Seed data loaded."))
        else:
            self.stdout.write("Seed data already up to date: nothing changed.")
