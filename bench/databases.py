"""The bench's own databases on the PostgreSQL server of DATABASE_URL: made once, reused by every run."""

import os

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def ensure_database(name: str, server_url: str | None = None) -> str | None:
    """Create database `name` on the server if missing and return its URL; None without PostgreSQL.

    `server_url` is any URL on the server (by default DATABASE_URL); the database it names is never touched.
    Raises psycopg.OperationalError when the server cannot be reached.
    """
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(server_url or os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    if "postgres" not in config["ENGINE"]:
        return None
    params = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(**params, dbname="postgres", autocommit=True, connect_timeout=5) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    password = f":{params['password']}" if params["password"] else ""
    return f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
