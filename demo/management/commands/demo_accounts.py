from django.conf import settings
from django.core.management.base import BaseCommand

from demo.load import demo_logins


class Command(BaseCommand):
    help = "Print the demo logins (created by `seed_demo`) and the portal's address."

    def handle(self, *args, **options):
        logins = demo_logins()
        if not logins:
            return  # not a demo database: nothing to show
        rows = [("Role", "Delegation", "Login", "Password")] + [
            (login.role, login.delegation, login.email, login.password) for login in logins
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        line = "  ".join("-" * width for width in widths)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        for index, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if index == 0:
                self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Open {settings.SITE_URL or 'http://127.0.0.1:8000'} and log in with one of them.")
