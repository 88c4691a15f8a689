"""What the benchmarks share: a throw-away database that other processes can open too."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SERVER_URL = os.environ.get("DATABASE_URL", "")


def create_database(prefix: str, work: Path) -> tuple[str, str | None]:
    """(DATABASE_URL of a new, empty database; its name on the PostgreSQL server, or None).

    A new database on DATABASE_URL's PostgreSQL server, else a SQLite file under `work`:
    unlike a test database in memory, a gunicorn or a `manage.py` process can open it.
    """
    if not SERVER_URL.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{work / f'{prefix}.sqlite3'}", None
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{name}")), name


def drop_database(name: str | None) -> None:
    if name is None:
        return
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
