"""The settings an operator meets: the deploy check and the environment variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "SECRET_KEY": "x" * 30 + "a-long-random-production-secret-key-value",
    "ALLOWED_HOSTS": "papers.example.org",
    "SITE_URL": "https://papers.example.org",
    "DATABASE_URL": "postgres://portal:secret@db.example.org:5432/portal",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    "EMAIL_URL": "submission://mailer:p%40ss@smtp.example.org:587",
}


def run_manage(args, env_extra, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k not in ("DJANGO_SETTINGS_MODULE", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_extra, DJANGO_SETTINGS_MODULE="portal.settings", VAR_DIR=str(tmp_path))
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def settings_values(env_extra, tmp_path, *names):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: str(getattr(s, n)) for n in {names!r}}}))"
    )
    return json.loads(run_manage(["shell", "-c", code], env_extra, tmp_path).stdout.strip().splitlines()[-1])


def test_the_deploy_check_passes_with_the_documented_production_variables(tmp_path):
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_production_variables_the_deploy_check_warns(tmp_path):
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], {}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr + result.stdout


def test_production_variables_select_postgresql_redis_and_smtp(tmp_path):
    values = settings_values(
        PRODUCTION,
        tmp_path,
        "DEBUG",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_USE_TLS",
        "EMAIL_HOST_PASSWORD",
        "CELERY_BROKER_URL",
        "SESSION_COOKIE_SECURE",
        "STAFF_REQUIRE_2FA",
    )
    assert values["DEBUG"] == "False"
    assert values["EMAIL_BACKEND"] == "notifications.backends.SmtpBackend"  # Django's, reporting the hand-over
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == ("smtp.example.org", "587", "True")
    assert values["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert values["CELERY_BROKER_URL"].startswith("redis://")
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert values["STAFF_REQUIRE_2FA"] == "True"


def test_the_embedded_default_needs_no_server(tmp_path):
    values = settings_values({}, tmp_path, "DATABASES", "CELERY_BROKER_URL", "EMAIL_BACKEND", "DEBUG")
    assert "sqlite3" in values["DATABASES"] and "IMMEDIATE" in values["DATABASES"]
    assert values["CELERY_BROKER_URL"] == "filesystem://"
    assert values["EMAIL_BACKEND"] == "notifications.backends.EmlFileBackend"
    assert values["DEBUG"] == "False"
    assert (tmp_path / "broker" / "queue").is_dir()


def test_the_cache_is_shared_by_every_process(tmp_path):
    """Redis when CACHE_URL is set (production), files under VAR_DIR otherwise: the worker's changes
    must reach what the web processes keep (review.queue_cache); sessions are read from it."""
    production = settings_values({**PRODUCTION, "CACHE_URL": "redis://redis.example.org:6379/1"}, tmp_path, "CACHES")
    assert "portal.cache.RedisCache" in production["CACHES"] and "6379/1" in production["CACHES"]
    assert "'KEY_PREFIX': 'portal'" in production["CACHES"]  # the database's name
    embedded = settings_values({}, tmp_path, "CACHES", "SESSION_ENGINE")
    assert "FileBasedCache" in embedded["CACHES"] and str(tmp_path / "cache") in embedded["CACHES"]
    assert embedded["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_the_redis_cache_keeps_one_client_per_pool():
    from portal.cache import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/13", {})
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: one pool
