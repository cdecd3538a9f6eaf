"""The FastAPI app: the API routers, JSON errors, request size limits, the dashboard's files."""

from __future__ import annotations

import importlib.resources
import logging
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tocsin import __version__
from tocsin.errors import (
    BadOption,
    DatabaseNotWritable,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    TocsinError,
    Unauthorized,
)
from tocsin.serve.api import STATUS, Settings, router, write_router

log = logging.getLogger(__name__)

# The only files the dashboard serves, by name: no request path ever reaches the file system.
ASSETS: dict[str, str] = {
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
    "world-110m.geojson": "application/geo+json",
}
HTTP_CODES = {
    404: NotFound.code,
    405: MethodNotAllowed.code,
    401: Unauthorized.code,
    413: PayloadTooLarge.code,
}


@cache
def _asset(name: str) -> bytes:
    return importlib.resources.files("tocsin.serve").joinpath("static", name).read_bytes()


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


class BodyLimit:
    """Answers 413 (as JSON) to a request whose body is over `max_body` bytes."""

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = _error(
            413, PayloadTooLarge.code, f"The request body is over {self.max_body} bytes."
        )
        for key, value in scope.get("headers", []):
            if key == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await too_large(scope, receive, send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await too_large(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


def create_app(db: str, *, write_token: str | None = None, max_body: int = 1_000_000) -> FastAPI:
    """Return the app serving `db`; read-only unless `write_token` is given."""
    if db != ":memory:" and not Path(db).is_file():
        raise DatabaseNotWritable(
            f"No database at {db}: create one with `tocsin run PATH --db {db}`."
        )
    app = FastAPI(
        title="tocsin",
        version=__version__,
        description="Incidents, the reports behind them and the reactions around them.",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = Settings(db, write_token=write_token or None, max_body=max_body)
    app.include_router(router)
    if write_token:
        app.include_router(write_router)

    @app.exception_handler(TocsinError)
    async def tocsin_error(request: Request, exc: TocsinError) -> JSONResponse:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 500)
        return _error(status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return _error(400, BadOption.code, "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return _error(exc.status_code, HTTP_CODES.get(exc.status_code, "E060"), message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return _error(500, "E000", "Internal error; the server log has the details.")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return Response(_asset("index.html"), media_type="text/html; charset=utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in ASSETS:
            return _error(404, "E060", f"No file {name!r}.")
        return Response(
            _asset(name),
            media_type=ASSETS[name],
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @app.get("/api", include_in_schema=False)
    def api_root() -> dict[str, Any]:
        return {"name": "tocsin", "version": __version__, "openapi": "/openapi.json",
                "docs": "/api/docs", "writable": bool(write_token)}  # fmt: skip

    return _wrap(app, max_body=max_body)


def _wrap(app: FastAPI, *, max_body: int) -> FastAPI:
    app.add_middleware(BodyLimit, max_body=max_body)
    return app


def prepare(db: str) -> bool:
    """Make the database ready to serve (migrations, search index); False if it is read-only."""
    from tocsin.store import open_store

    try:
        with open_store(db) as store:
            return store.ensure_search_index()
    except TocsinError:
        return False


def run(
    db: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    write_token: str | None = None,
    max_body: int = 1_000_000,
) -> None:
    """Serve `db` with uvicorn until interrupted."""
    import uvicorn

    if not Path(db).is_file():
        raise DatabaseNotWritable(
            f"No database at {db}: create one with `tocsin run PATH --db {db}`."
        )
    if not prepare(db):
        log.warning("could not build the search index of %s; text search will be slower", db)
    uvicorn.run(create_app(db, write_token=write_token, max_body=max_body), host=host, port=port,
                log_level="info")  # fmt: skip
