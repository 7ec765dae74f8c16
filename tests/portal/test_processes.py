"""How the portal's processes start: beat on its own, its schedule where VAR_DIR says, no public key in production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setting(name: str, **env) -> subprocess.CompletedProcess:
    """Load portal.settings in a fresh process with this environment and print one setting."""
    code = f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; import django; django.setup(); from django.conf import settings; print(settings.{name})"
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SITE_URL", "VAR_DIR")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True)


def procfile() -> dict[str, str]:
    lines = (line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if ":" in line)
    return {name.strip(): command.strip() for name, command in lines if not name.startswith("#")}


def test_beat_is_a_process_of_its_own_so_that_make_run_stops_if_it_dies():
    processes = procfile()
    assert set(processes) == {"web", "worker", "beat"}
    assert "--beat" not in processes["worker"]
    assert "celery -A portal beat" in processes["beat"]


def test_beat_keeps_its_schedule_where_var_dir_says(tmp_path):
    assert "--schedule" not in procfile()["beat"]  # a relative path crashed beat when VAR_DIR pointed elsewhere
    result = setting("CELERY_BEAT_SCHEDULE_FILENAME", VAR_DIR=str(tmp_path))
    assert result.stdout.strip() == str(tmp_path / "celerybeat-schedule"), result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = setting("SECRET_KEY", SITE_URL="https://papers.example.org", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    key = "k" * 60
    chosen = setting("SECRET_KEY", SITE_URL="https://papers.example.org", SECRET_KEY=key, VAR_DIR=str(tmp_path))
    assert chosen.stdout.strip() == key, chosen.stderr


def test_the_embedded_mode_starts_without_a_secret_key(tmp_path):
    result = setting("SECRET_KEY", SITE_URL="http://127.0.0.1:8000", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("django-insecure-")
