"""The MkDocs plugin: thin event handlers over the generator's own functions.

Build pipeline, in MkDocs' order of events:
  on_startup  under `make serve`, make what is kept from one rebuild to the next
              (`ServeMemory`) and the background search index (`BackgroundIndex`)
  on_config   load and check all content (the same loader as `check`)
  on_files    plan the generated pages (councils, assessments, redirects,
              comparisons), and check that no two sources claim one address
  on_env      turn on autoescaping, add the site's globals
  on_page_context  hand the Markdown pages' templates their typed context
  on_post_build    render the generated pages and each council's files across
                   every core (`site_writer`), write the open data, index the
                   written site for search, then swap the finished build into
                   place (`mkdocs build` only: `SiteSwap`)
  on_serve         while a rebuild finds errors in the content, every page requested
                   lists them (`serve_errors`)
  on_build_error   leave the previous site as it was
  on_shutdown      wait for the last background search index

Under `make serve` a rebuild reads and renders again only what changed, and the
search index follows in the background.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import compare, rounds
from .framework import Frameworks
from .framework_file import site_frameworks
from .hexmap import HexMap
from .loader import Content, load_content
from .markdown import sanitise
from .opendata import DataLicence, open_data_files, write_open_data
from .pages import SiteInfo, about_ratings_page, home_page
from .parallel import end_of_build, freeze_loaded_content, pause_collector_for_build, workers_peak_mb
from .problems import ContentError, summarised
from .search import BackgroundIndex, IndexStats, index_site
from .serve_errors import show_content_errors
from .serve_memory import ServeMemory, site_stamp
from .settings import (
    FRAMEWORKS_FOLDER,
    CouncilRatingsConfig,
    build_warnings,
    check_theme,
    data_licence,
    is_content,
    site_info,
    template_settings,
)
from .site_plan import GeneratedPage, address_conflicts, file_claims, generated_pages, site_similar_councils
from .site_swap import SiteSwap
from .site_writer import PageRenderer, page_file, unstamp_sitemap, write_generated

log = get_plugin_logger(__name__)


class CouncilRatingsPlugin(BasePlugin[CouncilRatingsConfig]):
    """The events, in the order MkDocs fires them; helpers after them."""

    def __init__(self) -> None:
        self.command: Literal["build", "gh-deploy", "serve"] | None = None
        self.serve: ServeMemory | None = None  # under `make serve` only
        self.background_index: BackgroundIndex | None = None  # likewise
        self.frameworks: Frameworks | None = None  # the site's first: `framework` in site.yml
        self.content: Content | None = None
        self.hexmap: HexMap | None = None
        self.swap: SiteSwap | None = None  # `mkdocs build` only
        self.site: SiteInfo | None = None
        self.licence: DataLicence | None = None
        self.plan: list[GeneratedPage] = []
        self.similar: dict[str, compare.SimilarCouncils] = {}
        self.markdown_pages: list[str] = []
        self.env: Environment | None = None
        # Read by the benchmark and the tests:
        self.timings: dict[str, float] = {}  # seconds per stage of ours
        self.worker_peak_mb = 0.0
        self.councils_rendered = 0
        self.search_stats: IndexStats | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command
        if command == "serve":  # the plugin object lives from one rebuild to the next
            # `make serve` passes --dirty: MkDocs keeps the last build's files, and so can we.
            self.serve = ServeMemory(last_files_kept=dirty)
            self.background_index = BackgroundIndex(log)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        check_theme(config)
        if self.serve is not None:
            self.serve.content_problems = []
        with self._timed("load content"):
            pause_collector_for_build()
            docs = Path(config.docs_dir)
            try:  # every problem in every file, the framework's and the hex map's included
                self.frameworks = site_frameworks(self.config.framework, docs / FRAMEWORKS_FOLDER)
                if self.serve is not None:
                    self.serve.use_frameworks(self.frameworks.all)
                self.content, self.hexmap = load_content(
                    docs / self.config.councils_dir,
                    docs / self.config.hexmap,
                    self.frameworks,
                    memo=self.serve.read_memo if self.serve else None,
                )
            except ContentError as exc:
                if self.serve is not None:  # shown in the browser until the next good save
                    self.serve.content_problems = exc.problems
                raise PluginError("content has errors:\n" + "\n".join(str(p) for p in exc.problems)) from None
        if not config.site_url:
            raise PluginError("set site_url in the MkDocs configuration: embed code, citations and previews need it")
        if self.command == "build":  # build beside the site, so a failed build leaves it untouched
            self.swap = SiteSwap(config)
        freeze_loaded_content()
        for line in summarised(build_warnings(config, self.config, self.content.warnings)):
            log.warning(line)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.background_index is not None:
            self.background_index.build_started()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.content is not None and self.frameworks is not None
        for file in list(files):
            if is_content(file.src_uri, self.config):  # read on_config, not published
                files.remove(file)
        with self._timed("plan pages"):
            councils = self.content.councils
            self.site, self.licence = site_info(config, self.config, self.frameworks), data_licence(self.config)
            self.similar = site_similar_councils(councils, self.frameworks)
            self.plan = generated_pages(
                councils, self.frameworks, self.site, self.config.search, self.hexmap, self.licence, self.similar
            )
            for r in rounds.framework_rounds(councils, self.frameworks):
                compare.keep_placements(r.councils, r.framework)
        self._check_addresses(files, config)
        self.markdown_pages = [f.dest_uri for f in files.documentation_pages()]  # searched, with council pages
        if self.serve is not None:
            self.serve.render_every_time(files.documentation_pages())
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.autoescape = True
        if self.serve is not None:
            env.bytecode_cache = self.serve.template_code  # compiled once per `make serve`, not per rebuild
        env.auto_reload = False  # a new environment every build: no need to check each template's file per page
        env.globals["site_settings"] = template_settings(self.config, self.frameworks)
        # The sitemap template lists MkDocs' pages, then these.
        base = config.site_url or "/"
        env.globals["generated_sitemap"] = [urljoin(base, p.url) for p in self.plan if p.in_sitemap]
        self.env = env
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return sanitise(html)  # ordinary Markdown pages are content too, not trusted markup

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        context["view"] = self._view_for(page)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        self._write_generated(site_dir, config)
        end_of_build()
        if self.config.search:
            self._index_for_search(site_dir)
        if self.swap is not None:
            self.swap.swap_into_place(config)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        memory = self.serve
        show_content_errors(server, lambda: memory.content_problems if memory else [])
        return server

    def on_build_error(self, *, error: Exception) -> None:
        end_of_build()
        if self.swap is not None:
            self.swap.abandon()

    def on_shutdown(self) -> None:
        if self.background_index is not None:
            self.background_index.wait()

    # --- Checking addresses, and the Markdown pages' contexts ---------------------------

    def _check_addresses(self, files: Files, config: MkDocsConfig) -> None:
        """No two sources may claim one address: MkDocs' files, and all the generator writes."""
        assert self.content is not None and self.frameworks is not None
        problems = address_conflicts(self.plan, self.content.councils, self.frameworks, file_claims(files))
        if problems:
            raise PluginError("two sources claim the same address:\n" + "\n".join(str(p) for p in problems))

    def _view_for(self, page: Page) -> object | None:
        assert self.content is not None and self.frameworks is not None
        template = page.meta.get("template")
        if template == "home.html":
            return home_page(self.content.councils, self.frameworks)
        if template == "about-ratings.html":
            return about_ratings_page(self.frameworks, self.content.councils)
        return None

    # --- Writing, indexing and swapping into place ------------------------------------

    def _write_generated(self, site_dir: Path, config: MkDocsConfig) -> None:
        """The generated pages and each council's files, across every core, then the open data."""
        assert self.content is not None and self.frameworks is not None and self.env is not None
        assert self.site is not None and self.licence is not None
        unstamp_sitemap(site_dir)
        councils, site = self.content.councils, self.site
        remembered = None
        if self.serve is not None:
            remembered = self.serve.start_build(
                councils, self.similar, site_stamp(config, self.config, self.frameworks.all)
            )
        with self._timed("generated pages"):
            rendered = write_generated(
                site_dir, self.plan, councils, PageRenderer(self.env, config), self.frameworks, site, remembered
            )
        self.worker_peak_mb = workers_peak_mb()  # the workers have finished; the search indexer has not started
        self.councils_rendered = rendered
        log.info(f"rendered {rendered} of {len(councils)} councils")
        kept_data_json = self.serve.data_json if self.serve else lambda council: None
        with self._timed("open data"):
            write_open_data(site_dir, councils, self.frameworks, site, self.licence, kept_data_json)
        if self.serve is not None:
            site_files = {page_file(p.url) for p in self.plan if p.slug is None}
            self.serve.remove_stale_files(site_dir, site_files | set(open_data_files(self.frameworks, councils)))

    def _index_for_search(self, site_dir: Path) -> None:
        if self.background_index is not None:
            # Serve the new pages now; the index follows, and only the newest build's lands.
            self.background_index.start(site_dir, self.markdown_pages)
            return
        with self._timed("search index"):
            try:
                stats = index_site(site_dir, self.markdown_pages)
            except Exception as exc:  # the index is part of the site: no index, no new site
                raise PluginError(f"search indexing failed: {exc}") from exc
        self.search_stats = stats
        log.info(f"search index: {stats.pages} of {stats.html_files} pages, {stats.bundle_bytes:,} bytes")

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[stage] = time.perf_counter() - started
