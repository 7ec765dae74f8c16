from django.core.management.base import BaseCommand

from stakeholders.services import close_due_rounds


class Command(BaseCommand):
    help = "Close the non-objection rounds whose period has ended: accredit or not, and tell each applicant."

    def handle(self, *args, **options):
        closed = close_due_rounds()
        self.stdout.write(f"{closed} round(s) closed")
