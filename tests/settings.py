"""Test settings: portal.settings with tasks in-process and files in a scratch folder."""

import os
import tempfile

os.environ["TESTING"] = "1"
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="oewg-test-var-"))

from portal.settings import *  # noqa: F403

# whitenoise looks for it when the first request arrives.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
STAFF_REQUIRE_2FA = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MAIL_SEND_RATE = 1000  # no pacing between the messages of a test
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "var/screenshots")

# Parallel runs on one PostgreSQL server each need their own test database.
if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}  # noqa: F405
