"""The server's own small routes around the API: favicon, offline API docs, section texts.

``add_site_routes(app, engine)`` adds, on the FastAPI app (before the Gradio page is mounted,
so they take priority over Gradio's own ``/favicon.ico``):

- ``GET /favicon.svg``, ``GET /favicon.ico``: the service's icon (bot/static/; the .ico holds
  16/32/48 px drawings of the same speech bubble).
- ``GET /docs``, ``GET /redoc``: Swagger UI and ReDoc with their scripts and styles served from
  ``/docs-assets/`` out of the ``fastapi-offline`` package, so the docs work offline and the CSP
  needs no CDN (the app is created with ``docs_url=None, redoc_url=None``). Swagger's online
  validator badge is off; ReDoc's one image from its CDN is taken out of its script.
- ``GET /api/section?id=<section_id>``: one section's whole text (the widget's expanded source
  card highlights its quotes by their offsets). Under ``/api/``, so bot/guard.py ``ApiGuard``
  rate-limits it like every API call and CORS is ``BOT_ALLOWED_ORIGINS``'s.

Not here: the question and feedback routes (bot/api.py).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Query, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from . import messages

DOCS_ASSETS = "/docs-assets"
FAVICON_SVG = "/favicon.svg"


def docs_assets_dir() -> Path:
    """Swagger UI and ReDoc as the ``fastapi-offline`` package ships them."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


REDOC_LOGO = b'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'  # ReDoc's "API docs by Redocly" image


def redoc_bundle() -> bytes:
    """ReDoc's script without the one image it would fetch from its CDN (the CSP blocks it anyway):
    ``src:"data:,"`` fails to load, and ReDoc then shows no image."""
    return (docs_assets_dir() / "redoc.standalone.js").read_bytes().replace(REDOC_LOGO, b'src:"data:,"')


class Section(BaseModel):
    section_id: str
    doc: str
    title: str
    section: str
    text: str
    start: int
    end: int


def section_payload(docs: dict, section_id: str) -> dict | None:
    """``'wuxi-education-2020-h1#2.3'`` -> the item's label, whole text and offsets in the document; None if unknown."""
    doc = docs.get(section_id.split("#", 1)[0])
    item = doc.section(section_id) if doc else None
    if item is None:
        return None
    return {"section_id": section_id, "doc": doc.doc_id, "title": doc.title, "section": item.label,
            "text": doc.text[item.start:item.end], "start": item.start, "end": item.end}


def add_site_routes(app: FastAPI, engine) -> None:
    static = resources.files("bot").joinpath("static")
    icons = {"svg": static.joinpath("favicon.svg").read_bytes(), "ico": static.joinpath("favicon.ico").read_bytes()}
    cache = {"Cache-Control": "public, max-age=86400"}

    @app.get("/favicon.svg", include_in_schema=False)
    def favicon_svg():
        return Response(icons["svg"], media_type="image/svg+xml", headers=cache)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon_ico():
        return Response(icons["ico"], media_type="image/x-icon", headers=cache)

    redoc_js = redoc_bundle()

    @app.get(f"{DOCS_ASSETS}/redoc.standalone.js", include_in_schema=False)
    def redoc_script():
        return Response(redoc_js, media_type="text/javascript; charset=utf-8", headers=cache)

    app.mount(DOCS_ASSETS, StaticFiles(directory=docs_assets_dir()), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger(request: Request):
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(openapi_url=f"{root}{app.openapi_url}", title=app.title + " — 接口文档",
                                   swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{root}{FAVICON_SVG}",
                                   swagger_ui_parameters={"validatorUrl": None})

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request):
        root = request.scope.get("root_path", "")
        return get_redoc_html(openapi_url=f"{root}{app.openapi_url}", title=app.title + " — 接口文档",
                              redoc_js_url=f"{root}{DOCS_ASSETS}/redoc.standalone.js",
                              redoc_favicon_url=f"{root}{FAVICON_SVG}", with_google_fonts=False)

    @app.get("/api/section", tags=["嵌入"], summary="一个出处段落的全文（浮动窗口展开来源卡片时用）",
             responses={200: {"model": Section}, 404: {"model": dict}})
    def section(id: str = Query(max_length=200, description="citations[].section_id，例如 wuxi-education-2020-h1#2.3")):
        payload = section_payload(engine.index.docs, id)
        if payload is None:
            return JSONResponse({"error": messages.UNKNOWN_SECTION}, status_code=404)
        return payload
