"""Under `make serve`, content errors show in the browser.

MkDocs' server holds every request while a rebuild has failed, until one succeeds, and
says why only in the terminal. While the content has errors, every page requested is
instead one page listing each problem with its place; it reloads itself, so the site
comes back at the next good save. The last good site is left as it was.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from html import escape

from .problems import Problem
from .words import counted

RELOAD_SECONDS = 2  # how often the problems page asks again whether the site is back


def problems_page(problems: list[Problem]) -> bytes:
    """The page every request gets while the content has errors (the problems escaped:
    a message may quote the content)."""
    errors = [p for p in problems if p.is_error]
    items = "\n".join(
        f"<li><code>{escape(f'{p.path}:{p.line}:{p.column}')}</code> {escape(p.field)}: {escape(p.message)}</li>"
        for p in errors
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="{RELOAD_SECONDS}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>The content has errors</title>\n</head>\n<body>\n<main>\n"
        f"<h1>The content has {counted(len(errors), 'error')}</h1>\n"
        "<p>The site is not rebuilt until they are put right. Each is named with its file, line and column; "
        "this page comes back as the site at the next good save.</p>\n"
        f"<ul>\n{items}\n</ul>\n</main>\n</body>\n</html>\n"
    ).encode()


def show_content_errors(server, content_problems: Callable[[], list[Problem]]) -> None:
    """Have MkDocs' live-reload server (`on_serve`) answer with the problems page while
    the last rebuild found errors in the content. `content_problems`: that rebuild's errors
    in the content, none when it had none (another build error is left to MkDocs)."""
    build, site_root, error_page = server.builder, server.root, server.error_handler
    nowhere = tempfile.TemporaryDirectory(prefix="council-ratings-errors-")  # no files: each page not found

    def build_or_show_problems() -> None:
        try:
            build()
        except Exception:
            if not content_problems():
                raise
            server.root = nowhere.name  # MkDocs has said why in the terminal; the browser says so too
        else:
            server.root = site_root

    def problems_or_error_page(code: int) -> bytes | None:
        problems = content_problems()
        return problems_page(problems) if problems else error_page(code)

    server.builder = build_or_show_problems
    server.error_handler = problems_or_error_page
    server.content_errors_folder = nowhere  # kept for the life of the server
