"""The MkDocs plugin: thin event handlers over the generator's own functions.

Build pipeline, in MkDocs' order of events:
  on_config   load and check all content (the same loader as `check`)
  on_files    check that no two sources claim one address, and plan the
              generated pages (councils, assessments, redirects, comparisons)
  on_env      turn on autoescaping, add the site's globals
  on_page_context  hand the Markdown pages' templates their typed context
  on_post_build    render the generated pages and each council's files across
                   every core (`site_writer`), write the open data, index the
                   written site for search, then swap the finished build into
                   place (`mkdocs build` only)

Under `make serve` the plugin object lives from one rebuild to the next, so it
keeps what it read and rendered: a rebuild reads and renders again only what
changed, and the search index follows in the background.
"""

from __future__ import annotations

import gc
import gzip
import logging
import resource
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from . import compare, model, pages, routes
from .framework import Framework, load_framework
from .hexmap import HexMap
from .loader import COUNCIL_SUFFIXES, Content, ReadMemo, display_path, load_content, position_of_key
from .markdown import sanitise
from .opendata import DataLicence, feed_paths, open_data_claims, write_open_data
from .problems import ContentError, counted, summarised
from .routes import Claim, conflicts, councils_claims
from .search import IndexStats, index_site
from .site_plan import GeneratedPage, generated_pages
from .site_writer import CouncilFiles, PageRenderer, Remembered, TemplateCodeCache, page_file, write_generated

log = get_plugin_logger(__name__)

THEME = "council-ratings"  # the theme this plugin's pages are drawn with (generator/theme)


class CouncilRatingsConfig(Config):
    councils_dir = c.Type(str, default="councils")  # inside docs_dir
    framework = c.Type(str, default="cqc-local-authority")
    example_data = c.Type(bool, default=False)  # show the "example data" banner on every page
    publisher = c.Type(str, default="")  # named in the footer
    search = c.Type(bool, default=True)  # build the Pagefind index and the /search/ page
    hexmap = c.Type(str, default="hexmap.hexjson")  # inside docs_dir; the map is drawn when it exists
    # The open data's licence and how to credit it (the /data/ page and datapackage.json).
    data_licence_name = c.Type(str, default="Open Government Licence v3.0")
    data_licence_id = c.Type(str, default="OGL-UK-3.0")
    data_licence_url = c.Type(str, default="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
    attribution = c.Type(str, default="")


def _source_of(file: File, config: MkDocsConfig) -> str:
    if file.abs_src_path:
        return display_path(Path(file.abs_src_path))
    return file.src_uri


def _position_in_file(claim: Claim) -> tuple[int, int]:
    """Where a claim's field sits in its file; read only when there is a problem to report."""
    path = Path(claim.source)
    if claim.field == "(file)" or not path.is_file():
        return 1, 1
    return position_of_key(path.read_bytes(), claim.field)


class CouncilRatingsPlugin(BasePlugin[CouncilRatingsConfig]):
    def __init__(self) -> None:
        self.command: Literal["build", "gh-deploy", "serve"] | None = None
        self.keep_files = False
        self.framework: Framework | None = None
        self.content: Content | None = None
        self.final_site_dir: Path | None = None
        self.warnings = CountHandler()
        self.plan: list[GeneratedPage] = []
        self.similar: dict[str, compare.SimilarCouncils] = {}
        self.env: Environment | None = None
        self.timings: dict[str, float] = {}  # seconds per stage of ours, read by the benchmark
        self.worker_peak_mb = 0.0  # also read by the benchmark
        self.councils_rendered = 0
        self.search_stats: IndexStats | None = None
        self.hexmap: HexMap | None = None
        self.markdown_pages: list[str] = []
        # Kept from one `make serve` rebuild to the next:
        self.read_memo: ReadMemo = {}  # council files by their bytes
        self.template_code = TemplateCodeCache()
        self.rendered: dict[str, tuple[tuple[object, ...], CouncilFiles]] = {}  # by slug: (made from, files)
        self.site_pages_made: dict[str, tuple[object, bytes]] = {}  # by address: (context, HTML)
        self.last_site_stamp: tuple[object, ...] = ()
        self.generated_files: set[str] = set()  # what the last build wrote besides MkDocs' own
        self.indexing: threading.Thread | None = None  # the search index, built in the background
        self.builds = 0  # counts builds, so a late search index never lands on a newer site
        self.landing = threading.Lock()  # held while a build starts or a finished index moves in

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command
        # `make serve` passes --dirty: MkDocs keeps the last build's files, and so can we.
        self.keep_files = command == "serve" and dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.theme.name != THEME:
            raise PluginError(
                f"the council-ratings plugin draws its pages with its own theme, not '{config.theme.name}': "
                f"set `theme: name: {THEME}` in {Path(config.config_file_path or 'site.yml').name} "
                "(to change its look, add `custom_dir:` with your own templates or CSS)"
            )
        started = time.perf_counter()
        # Until the build ends (on_post_build, on_build_error) the garbage collector is paused:
        # loading and planning make objects that last the whole build, and it walked them
        # again and again, for nothing (about 3 s at 15,300 councils). Render workers restart it.
        gc.disable()
        self.framework = load_framework(self.config.framework)
        memo = self.read_memo if self.command == "serve" else None
        docs = Path(config.docs_dir)
        try:  # every problem in every file, the hex map's included
            self.content, self.hexmap = load_content(
                docs / self.config.councils_dir, docs / self.config.hexmap, self.framework, memo=memo
            )
        except ContentError as exc:
            raise PluginError("content has errors:\n" + "\n".join(str(p) for p in exc.problems)) from None
        if not config.site_url:
            raise PluginError("set site_url in the MkDocs configuration: embed code, citations and previews need it")
        if self.command == "build":
            # Build beside the real site and swap at the end, so a failed build leaves it untouched.
            self.final_site_dir = Path(config.site_dir)
            config.site_dir = str(self.final_site_dir.with_name(self.final_site_dir.name + ".building"))
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)
        self.timings["load content"] = time.perf_counter() - started
        # Frozen, the content is left alone by the garbage collectors of forked render workers
        # too (unfrozen at the end of the build).
        gc.freeze()
        if config.strict and self.content.warnings:
            # Fail now, before anything is written (MkDocs counts warnings only at the very end).
            raise PluginError(
                f"content has {counted(len(self.content.warnings), 'warning')}, which fail a --strict build:\n"
                + "\n".join(summarised(self.content.warnings))
            )
        for line in summarised(self.content.warnings):
            log.warning(line)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.content is not None and self.framework is not None
        for file in list(files):
            council_file = file.src_uri.startswith(self.config.councils_dir + "/") and file.src_uri.endswith(
                COUNCIL_SUFFIXES
            )
            if council_file or file.src_uri == self.config.hexmap:  # content, not pages to publish
                files.remove(file)
        site = self.site_info(config)
        started = time.perf_counter()
        self.similar = compare.similar_councils(self.content.councils, self.framework)
        generated = generated_pages(
            self.content.councils, self.framework, site, self.config.search, self.hexmap, self.licence(), self.similar
        )
        compare.keep_placements(self.content.councils, self.framework)
        self.timings["plan pages"] = time.perf_counter() - started
        claims = [Claim(f.url, _source_of(f, config), "(file)") for f in files]
        claims += councils_claims(self.content.councils)
        data_files = open_data_claims() + [path for path, _ in feed_paths(self.framework, self.content.councils)]
        claims += [Claim(path, "the generator's open data", "(file)") for path in data_files]
        claims += [Claim(page.url, f"the generator's {page.template}", "(file)") for page in generated if not page.slug]
        problems = conflicts(claims, position=_position_in_file)
        if problems:
            raise PluginError("two sources claim the same address:\n" + "\n".join(str(p) for p in problems))
        self.plan = generated  # rendered in on_post_build, outside MkDocs' page loop
        self.markdown_pages = [f.dest_uri for f in files.documentation_pages()]  # searched, with council pages
        if self.keep_files:
            # The home and about pages show figures from every council: render them every time.
            for file in files.documentation_pages():
                file.is_modified = lambda: True  # type: ignore[method-assign]
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.autoescape = True
        env.bytecode_cache = self.template_code  # compiled once per `make serve`, not per rebuild
        env.auto_reload = False  # a new environment every build: no need to check each template's file per page
        env.globals["site_settings"] = {
            "example_data": self.config.example_data,
            "publisher": self.config.publisher,
            "search": self.config.search,
            "framework": self.framework,
        }
        # The sitemap template lists MkDocs' pages, then these.
        base = config.site_url or "/"
        env.globals["generated_sitemap"] = [urljoin(base, p.url) for p in self.plan if p.in_sitemap]
        self.env = env
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return sanitise(html)  # ordinary Markdown pages are content too, not trusted markup

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        context["view"] = self.view_for(page)
        return context

    def view_for(self, page: Page) -> object | None:
        assert self.content is not None and self.framework is not None
        template = page.meta.get("template")
        if template == "home.html":
            return pages.home_page(self.content.councils, self.framework)
        if template == "about-ratings.html":
            return pages.about_ratings_page(self.framework)
        return None

    def licence(self) -> DataLicence:
        return DataLicence(
            name=self.config.data_licence_name,
            id=self.config.data_licence_id,
            url=self.config.data_licence_url,
            attribution=self.config.attribution or f"Published by {self.config.publisher or 'this site'}.",
        )

    def site_info(self, config: MkDocsConfig) -> pages.SiteInfo:
        assert self.framework is not None
        return pages.SiteInfo(
            url=config.site_url or "/",
            name=config.site_name,
            publisher=self.config.publisher,
            regulator=self.framework.regulator,
            example_data=self.config.example_data,
        )

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs stamps the gzipped sitemap with the build time; write it again without one.
        sitemap = Path(config.site_dir) / "sitemap.xml"
        if sitemap.exists():
            sitemap.with_suffix(".xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), mtime=0))
        assert self.content is not None and self.framework is not None and self.env is not None
        site_dir, site = Path(config.site_dir), self.site_info(config)
        started = time.perf_counter()
        renderer = PageRenderer(self.env, config)
        remembered = None
        if self.command == "serve":
            stamp = self.site_stamp(config)
            if stamp != self.last_site_stamp:  # a theme or setting changed: every site page is stale
                self.site_pages_made.clear()
                self.last_site_stamp = stamp
            remembered = Remembered(
                council_files=self.remembered(config),
                keep_council=self.remember(config),
                site_pages=self.site_pages_made,
                rewrite=not self.keep_files,
            )
        rendered = write_generated(
            site_dir, self.plan, self.content.councils, renderer, self.framework, site, remembered
        )
        self.timings["generated pages"] = time.perf_counter() - started
        # The workers have finished, and the search indexer has not started: the largest worker's peak.
        self.worker_peak_mb = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        self.councils_rendered = rendered  # read by the tests of `make serve`
        log.info(f"rendered {rendered} of {len(self.content.councils)} councils")
        started = time.perf_counter()
        write_open_data(
            site_dir, self.content.councils, self.framework, site, self.licence(), self.kept_data_json(config)
        )
        self.timings["open data"] = time.perf_counter() - started
        self.end_of_build_memory()
        if self.command == "serve":
            self.remove_stale_files(site_dir)
        if self.config.search and self.command == "serve":
            # Serve the new pages now; the index follows, and only the newest build's lands.
            self.indexing = threading.Thread(target=self.index_for_serve, args=(site_dir, self.builds), daemon=True)
            self.indexing.start()
        elif self.config.search:
            started = time.perf_counter()
            try:
                stats = index_site(site_dir, self.markdown_pages)
            except Exception as exc:  # the index is part of the site: no index, no new site
                raise PluginError(f"search indexing failed: {exc}") from exc
            self.timings["search index"] = time.perf_counter() - started
            self.search_stats = stats
            log.info(f"search index: {stats.pages} of {stats.html_files} pages, {stats.bundle_bytes:,} bytes")
        if self.final_site_dir is None:
            return
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        building = Path(config.site_dir)
        if config.strict and self.warnings.get_counts():
            shutil.rmtree(building, ignore_errors=True)
            raise PluginError("warnings in strict mode: the previous site was left as it was")
        previous = self.final_site_dir.with_name(self.final_site_dir.name + ".previous")
        shutil.rmtree(previous, ignore_errors=True)
        if self.final_site_dir.exists():
            self.final_site_dir.rename(previous)
        building.rename(self.final_site_dir)
        shutil.rmtree(previous, ignore_errors=True)
        config.site_dir = str(self.final_site_dir)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        with self.landing:  # from here on, an index still being built for an older build is dropped
            self.builds += 1

    def site_stamp(self, config: MkDocsConfig) -> tuple[object, ...]:
        """What every generated file depends on besides content: the site's settings and the
        theme's files (`make serve` watches the theme)."""
        theme = tuple(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for folder in config.theme.dirs
            for p in sorted(Path(folder).rglob("*"))
            if p.is_file()
        )
        return (config.site_name, config.site_description, config.site_url, tuple(sorted(self.config.items())), theme)

    def made_from(self, config: MkDocsConfig) -> Callable[[model.Council], tuple[object, ...]]:
        """What a council's files depend on besides the council itself."""
        site = self.site_stamp(config)
        return lambda council: (self.similar.get(council.slug), site)

    def remembered(self, config: MkDocsConfig) -> Callable[[model.Council], CouncilFiles | None]:
        made_from = self.made_from(config)
        slugs = {c.slug for c in self.content.councils} if self.content else set()
        self.rendered = {slug: kept for slug, kept in self.rendered.items() if slug in slugs}

        def remembered(council: model.Council) -> CouncilFiles | None:
            kept = self.rendered.get(council.slug)
            # The loader hands back the very same object for a file that has not changed.
            if kept and kept[0][0] is council and kept[0][1:] == made_from(council):
                return kept[1]
            return None

        return remembered

    def kept_data_json(self, config: MkDocsConfig) -> Callable[[model.Council], bytes | None]:
        """Each council's data.json as kept in memory under `make serve` (None: read it back)."""
        kept = self.remembered(config) if self.command == "serve" else lambda council: None

        def data_json(council: model.Council) -> bytes | None:
            files = kept(council)
            return files.get(routes.council_url(council.slug) + "data.json") if files else None

        return data_json

    def remember(self, config: MkDocsConfig) -> Callable[[model.Council, CouncilFiles], None]:
        made_from = self.made_from(config)

        def remember(council: model.Council, files: CouncilFiles) -> None:
            self.rendered[council.slug] = ((council, *made_from(council)), files)

        return remember

    def remove_stale_files(self, site_dir: Path) -> None:
        """With the last build's files kept (--dirty), remove those this build no longer makes:
        a removed council's, a renamed one's old badges, a region's page once it has no council."""
        assert self.content is not None and self.framework is not None
        made = {path for _, files in self.rendered.values() for path in files}
        made |= {page_file(p.url) for p in self.plan if p.slug is None}
        made |= set(open_data_claims()) | {path for path, _ in feed_paths(self.framework, self.content.councils)}
        if self.keep_files:
            for path in self.generated_files - made:
                (site_dir / path).unlink(missing_ok=True)
        self.generated_files = made

    def index_for_serve(self, site_dir: Path, build: int) -> None:
        bundle = site_dir / f".pagefind-{build}"
        try:
            stats = index_site(site_dir, self.markdown_pages, bundle)
        except Exception as exc:  # a newer build may have cleared the folder meanwhile
            shutil.rmtree(bundle, ignore_errors=True)
            log.debug(f"search index of build {build} dropped: {exc}")
            return
        with self.landing:
            if build == self.builds:
                shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
                bundle.rename(site_dir / "pagefind")
                self.search_stats = stats
                log.info(f"search index ready: {stats.pages} pages")
            else:
                shutil.rmtree(bundle, ignore_errors=True)

    def on_shutdown(self) -> None:
        if self.indexing is not None:
            self.indexing.join()

    def end_of_build_memory(self) -> None:
        """Undo what on_config did for the build: under `make serve`, what the next build
        drops is collected."""
        gc.unfreeze()
        gc.enable()

    def on_build_error(self, *, error: Exception) -> None:
        self.end_of_build_memory()
        if self.final_site_dir is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            shutil.rmtree(self.final_site_dir.with_name(self.final_site_dir.name + ".building"), ignore_errors=True)
