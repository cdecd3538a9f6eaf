"""`tocsin serve`: the HTTP API and the web dashboard over one tocsin database.

`create_app(db)` builds the FastAPI app; `serve(db, host=..., port=...)` runs it with uvicorn.
FastAPI and uvicorn are imported only when these are called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]


def create_app(db: str, *, write_token: str | None = None, max_body: int = 1_000_000) -> FastAPI:
    """Return the app serving `db` read-only; a `write_token` adds POST /api/articles."""
    from tocsin.serve.app import create_app as _create_app

    return _create_app(db, write_token=write_token, max_body=max_body)


def serve(
    db: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    write_token: str | None = None,
    max_body: int = 1_000_000,
) -> None:
    """Run the app with uvicorn until interrupted."""
    from tocsin.serve.app import run

    run(db, host=host, port=port, write_token=write_token, max_body=max_body)
