"""A throwaway PostgreSQL server for the tests: initdb into a temp folder, pg_ctl start, stop.

The server listens on a Unix socket inside its own folder only (no TCP port to collide with),
trusts local connections, and trades durability for speed (fsync off). Each test gets a fresh
database (`create_database`). Needs Debian's `postgresql` package: `sh scripts/ensure-postgres.sh`.
When run as root it runs the server as the `postgres` user, since initdb refuses root.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit

MISSING = (
    "PostgreSQL's server programs (initdb, pg_ctl) are not installed: run "
    "`sh scripts/ensure-postgres.sh` (as root; it installs Debian's postgresql package), "
    "or set TOCSIN_NO_POSTGRES=1 to skip the PostgreSQL tests."
)


def find_bin_dir() -> Path | None:
    """Return the folder holding initdb and pg_ctl, newest Debian version first, or None."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)] or [0],
        reverse=True,
    )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


class PostgresServer:
    """One running cluster; `url(name)` connects to its database `name`."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="tocsin-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.user = "postgres"
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise RuntimeError(
                    "Running as root, but there is no `postgres` user to run the server as. "
                    + MISSING
                ) from exc
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self.root.chmod(0o755)  # the socket lives here; the data folder stays 0700

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._as, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()}\n{log}"
            )

    def start(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"),
            "-D", str(self.data),
            "-U", self.user,
            "-A", "trust",
            "-E", "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )  # fmt: skip
        options = (
            f"-k {self.root} -c listen_addresses='' -F"
            " -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "start", "-w", "-t", "60",
            "-D", str(self.data),
            "-l", str(self.log),
            "-o", options,
        )  # fmt: skip

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(
                    str(self.bin_dir / "pg_ctl"), "stop", "-w", "-m", "immediate",
                    "-D", str(self.data),
                )  # fmt: skip
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@/{database}?host={quote(str(self.root), safe='/')}"

    def create_database(self) -> str:
        """Create an empty database; return its URL."""
        import psycopg
        from psycopg import sql

        name = "tocsin_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg
        from psycopg import sql

        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def start_server() -> PostgresServer:
    """Start a throwaway server; raise RuntimeError (with what to do) when that cannot be done."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise RuntimeError(MISSING)
    server = PostgresServer(bin_dir)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
