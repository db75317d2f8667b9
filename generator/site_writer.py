"""Write the generated pages and each council's files into the built site.

MkDocs renders the few Markdown pages; everything the generator adds (council
pages, assessment pages, redirects, comparison pages, badges, previews and
data.json) is rendered here instead, through the same theme and Jinja
environment, for two reasons:

- speed: the work is split across every core (forked workers start with the
  content already loaded), and a council's pages, badges, preview and data.json
  are made together, so its narrative is rendered once;
- `make serve`: what a council's files looked like is remembered by what they
  were made from, so a rebuild after one change renders that council again and
  rewrites the others as they were.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markupsafe import Markup
from mkdocs.utils import get_relative_url

from . import model, routes
from .badges import badge_svg
from .framework import Framework, Frameworks
from .memo import PerCouncil
from .opendata import council_data
from .pages import CouncilPage, SiteInfo, badge_facts
from .parallel import give_back_freed_memory, render_in_workers
from .previews import prepare_previews, preview_png
from .site_plan import GeneratedPage

CHUNK = 16  # councils per task: large enough to keep workers busy, small enough to balance


@dataclass(frozen=True)
class PageInfo:
    """What the theme's templates read from `page` (the part of MkDocs' Page they use)."""

    url: str  # site-relative, e.g. "councils/northvale/"; the `url` filter makes links relative to it
    canonical_url: str
    meta: dict[str, Any] = field(default_factory=dict)
    title: str | None = None  # generated pages set their own <title>
    is_homepage: bool = False


@dataclass
class PageRenderer:
    """Renders a generated page with the theme, given the context MkDocs would give it."""

    env: Environment
    config: Any  # the MkDocs configuration: templates read config.site_name and the like

    def render(
        self, page: GeneratedPage, view: object | None = None, template: str | None = None, **extra: object
    ) -> str:
        """The page's HTML (or `template` rendered in its place); `view` is its context when
        already worked out; `extra` adds to the context."""
        info = PageInfo(url=page.url, canonical_url=urljoin(self.config.site_url or "/", page.url))
        context = {"config": self.config, "page": info, "base_url": get_relative_url(".", page.url)}
        return self.env.get_template(template or page.template).render(
            **context,
            **extra,
            view=view or page.view(),
            framework_round=page.round,
            compare_base=page.round.base if page.round else "compare/",  # where "Compare councils" leads
        )


class TemplateCodeCache(BytecodeCache):
    """Compiled templates, in memory, by name and source: MkDocs makes a new Jinja
    environment for every build, and compiling the theme takes longer than a
    `make serve` rebuild should."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def compile_theme(env: Environment) -> None:
    """Compile every template before forking, so each worker does not do it again."""
    for name in env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml"))):
        env.get_template(name)


CouncilFiles = dict[str, bytes]  # everything written for one council: site-relative path -> content


def page_file(url: str) -> str:
    """The file written for an address: a page's index.html, or the file itself."""
    return url + "index.html" if url.endswith("/") else url


def site_page_bytes(renderer: PageRenderer, page: GeneratedPage, view: object | None) -> bytes:
    view = page.view() if view is None else view
    if isinstance(view, bytes):  # a file, not a page: the postcode finder's data
        return view
    return renderer.render(page, view).encode()


# Where a relative link starts, less any "./", in an href or src attribute (not "#x", "/x"
# or "https:"). It begins with the literal '="' so that the search skips ahead quickly.
_RELATIVE_LINK = re.compile(r'="(?:(?<=href=")|(?<=src="))(?:\./)?(?![#/]|[a-zA-Z][a-zA-Z0-9+.-]*:)')


def one_level_deeper(html: str) -> Markup:
    """HTML rendered for a page, with its relative links made to work from a page one
    folder below it: the council page's findings, reused on the assessment's own page."""
    return Markup(_RELATIVE_LINK.sub('="../', str(html)))  # noqa: S704 - rendered with autoescape


def render_council_pages(council: model.Council, plan: Sequence[GeneratedPage], renderer: PageRenderer) -> CouncilFiles:
    """A council's pages. The findings on the council page and on the current assessment's
    permanent page are the same, so they are rendered once (the bulk of the work)."""
    files: CouncilFiles = {}
    shared: tuple[CouncilPage, Markup] | None = None
    for page in plan:
        view = page.view()
        if not isinstance(view, CouncilPage):
            files[page_file(page.url)] = renderer.render(page, view).encode()
        elif not view.dated:  # the council page comes first in its plan
            findings = Markup(renderer.render(page, view, "council-findings.html"))  # noqa: S704 - autoescaped
            shared = (view, findings)
            files[page_file(page.url)] = renderer.render(page, view, findings=findings).encode()
        elif shared and (view.name, view.current, view.history, view.context) == (
            shared[0].name,
            shared[0].current,
            shared[0].history,
            shared[0].context,
        ):
            files[page_file(page.url)] = renderer.render(page, view, findings=one_level_deeper(shared[1])).encode()
        else:
            files[page_file(page.url)] = renderer.render(page, view).encode()
    return files


def make_council_files(
    council: model.Council,
    plan: Sequence[GeneratedPage],
    renderer: PageRenderer,
    fw: Framework | Frameworks,
    site: SiteInfo,
) -> CouncilFiles:
    files = render_council_pages(council, plan, renderer)
    # Compact: Python's JSON encoder is several times faster without indentation.
    record = json.dumps(council_data(council, fw, site), ensure_ascii=False, separators=(",", ":"))
    files[routes.council_url(council.slug) + "data.json"] = (record + "\n").encode()
    facts = badge_facts(council, fw, site.publisher)
    light, dark = badge_svg(facts, "light").encode(), badge_svg(facts, "dark").encode()
    for slug in (council.slug, *council.previous_slugs):  # embeds made before a rename keep working
        files[routes.badge_url(slug)] = light
        files[routes.badge_url(slug, dark=True)] = dark
    files[routes.preview_url(council.slug)] = preview_png(facts, site.name, site.example_data)
    return files


def unstamp_sitemap(site_dir: Path) -> None:
    """MkDocs stamps the gzipped sitemap with the build time; write it again without one,
    so two builds of the same content write the same bytes."""
    sitemap = site_dir / "sitemap.xml"
    if sitemap.exists():
        sitemap.with_suffix(".xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), mtime=0))


def write_files(site_dir: Path, files: dict[str, bytes]) -> None:
    made: set[Path] = set()
    for path, data in files.items():
        target = site_dir / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        write_bytes(target, data)


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def write_bytes(target: Path, data: bytes) -> None:
    """Path.write_bytes, with three system calls rather than five (it also asks whether the
    file is a terminal, and its block size): a build writes seven files per council."""
    fd = os.open(target, _WRITE_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


Task = tuple[str, list[int]]  # ("site", indexes of site pages) or ("council", indexes of councils)


@dataclass
class _Job:
    """What the workers need, inherited through fork rather than sent."""

    site_dir: Path
    renderer: PageRenderer
    fw: Framework | Frameworks
    site: SiteInfo
    site_pages: list[GeneratedPage]  # those to render
    site_views: list[object | None]  # their contexts when already worked out, else None
    councils: list[model.Council]  # those to render
    council_plans: dict[str, list[GeneratedPage]]
    keep: bool  # hand back what was made, to be remembered under `make serve`
    tasks: list[Task]


Made = tuple[str, str, CouncilFiles | None]  # ("site", url, files) or ("council", slug, files)


def _run(job: _Job, task: int) -> list[Made]:
    """One task in a worker (or in-process): write its files; return what the parent needs."""
    kind, items = job.tasks[task]
    out: list[Made] = []
    for i in items:
        if kind == "site":
            page, view = job.site_pages[i], job.site_views[i]
            made = {page_file(page.url): site_page_bytes(job.renderer, page, view)}
            key = page.url
        else:
            council = job.councils[i]
            made = make_council_files(council, job.council_plans[council.slug], job.renderer, job.fw, job.site)
            key = council.slug
        write_files(job.site_dir, made)
        out.append((kind, key, made if job.keep else None))
        if kind == "site" and page.template:  # a site page is large, and reads every council
            give_back_freed_memory()
    return out


def _tasks(site_pages: list[GeneratedPage], councils: int) -> list[Task]:
    # The site-wide pages first, as one task: each reads every council, and a forked worker
    # copies the memory it reads (reading writes reference counts), so one worker rather
    # than each pays for that. The other starts on the councils.
    # Files written as they are (the postcode finder's) are light: a task of their own.
    files = [i for i, p in enumerate(site_pages) if not p.template]
    pages = [i for i, p in enumerate(site_pages) if p.template]
    tasks: list[Task] = [("site", items) for items in (pages, files) if items]
    tasks += [("council", list(range(i, min(i + CHUNK, councils)))) for i in range(0, councils, CHUNK)]
    return tasks


def _start_worker() -> None:
    PerCouncil.keep_new = False  # what a worker works out per council serves one page


def _results(job: _Job) -> Iterator[Made]:
    workers = min(os.cpu_count() or 1, len(job.tasks))
    if workers > 1 and len(job.tasks) > 4:
        # Forked workers start with the content, the theme and the imports already loaded.
        chunks = render_in_workers(_run, job, len(job.tasks), workers, on_worker_start=_start_worker)
    else:
        chunks = (_run(job, i) for i in range(len(job.tasks)))
    for chunk in chunks:
        yield from chunk


@dataclass
class Remembered:
    """What `make serve` keeps from one build to the next (see the plugin)."""

    council_files: Callable[[model.Council], CouncilFiles | None]  # a council's files, if unchanged
    keep_council: Callable[[model.Council, CouncilFiles], None]
    site_pages: dict[str, tuple[object, bytes]]  # url -> (its context, its HTML)
    rewrite: bool  # write what is unchanged again (False when the last build's files are still there)


def write_generated(
    site_dir: Path,
    plan: list[GeneratedPage],
    councils: list[model.Council],
    renderer: PageRenderer,
    fw: Framework | Frameworks,
    site: SiteInfo,
    remembered: Remembered | None = None,
) -> int:
    """Write every generated page and council file; returns how many councils were rendered.
    With `remembered`, what has not changed since the last build is not rendered again: a
    council whose file is unchanged, and a site page whose context is equal to the last one."""
    council_plans: dict[str, list[GeneratedPage]] = {c.slug: [] for c in councils}
    for page in plan:
        if page.slug is not None:
            council_plans[page.slug].append(page)
    site_pages = [p for p in plan if p.slug is None]
    site_views: list[object | None] = [None] * len(site_pages)
    todo: list[model.Council] = councils
    if remembered is not None:
        for gone in set(remembered.site_pages) - {p.url for p in site_pages}:
            del remembered.site_pages[gone]
        site_pages, site_views, todo = [], [], []
        for page in plan:
            if page.slug is None:
                view = page.view()
                kept = remembered.site_pages.get(page.url)
                if kept is not None and kept[0] == (view, page.round):  # the framework links count too
                    if remembered.rewrite:
                        write_files(site_dir, {page_file(page.url): kept[1]})
                else:
                    site_pages.append(page)
                    site_views.append(view)
        for council in councils:
            known = remembered.council_files(council)
            if known is None:
                todo.append(council)
            elif remembered.rewrite:
                write_files(site_dir, known)
    compile_theme(renderer.env)
    prepare_previews(site.name)
    tasks = _tasks(site_pages, len(todo))
    job = _Job(site_dir, renderer, fw, site, site_pages, site_views, todo, council_plans, remembered is not None, tasks)
    by_slug = {c.slug: c for c in todo}
    views = {p.url: (v, p.round) for p, v in zip(site_pages, site_views, strict=True)}
    for kind, key, made in _results(job):
        if remembered is None or made is None:
            continue
        if kind == "council":
            remembered.keep_council(by_slug[key], made)
        else:
            remembered.site_pages[key] = (views[key], made[page_file(key)])
    return len(todo)
