"""The MkDocs plugin: thin event handlers over the generator's own functions.

Build pipeline, in MkDocs' order of events:
  on_startup  under `make serve`, make what is kept from one rebuild to the next
              (`ServeMemory`) and the background search index (`BackgroundIndex`)
  on_config   load and check all content (the same loader as `check`)
  on_files    check that no two sources claim one address, and plan the
              generated pages (councils, assessments, redirects, comparisons)
  on_env      turn on autoescaping, add the site's globals
  on_page_context  hand the Markdown pages' templates their typed context
  on_post_build    render the generated pages and each council's files across
                   every core (`site_writer`), write the open data, index the
                   written site for search, then swap the finished build into
                   place (`mkdocs build` only)
  on_build_error   leave the previous site as it was
  on_shutdown      wait for the last background search index

Under `make serve` a rebuild reads and renders again only what changed, and the
search index follows in the background.
"""

from __future__ import annotations

import gzip
import logging
import resource
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
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

from . import compare, pages, rounds
from .framework import Frameworks
from .framework_file import site_frameworks
from .hexmap import HexMap
from .loader import COUNCIL_SUFFIXES, Content, display_path, load_content
from .markdown import sanitise
from .opendata import DataLicence, feed_paths, open_data_claims, write_open_data
from .parallel import end_of_build, freeze_loaded_content, pause_collector_for_build
from .problems import ContentError, counted, summarised
from .reader import position_of_key
from .routes import Claim, conflicts, councils_claims
from .search import BackgroundIndex, IndexStats, index_site
from .serve_memory import ServeMemory, SiteStamp
from .site_plan import GeneratedPage, generated_pages, site_similar_councils
from .site_writer import PageRenderer, page_file, write_generated

log = get_plugin_logger(__name__)

THEME = "council-ratings"  # the theme this plugin's pages are drawn with (generator/theme)
FRAMEWORKS_FOLDER = "frameworks"  # inside docs_dir: a publisher's own framework files


class CouncilRatingsConfig(Config):
    councils_dir = c.Type(str, default="councils")  # inside docs_dir
    framework = c.Type(str, default="cqc-local-authority")  # bundled, or docs_dir/frameworks/<id>.yml
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
    """The events, in the order MkDocs fires them; helpers after them."""

    def __init__(self) -> None:
        self.command: Literal["build", "gh-deploy", "serve"] | None = None
        self.serve: ServeMemory | None = None  # under `make serve` only
        self.background_index: BackgroundIndex | None = None  # likewise
        self.frameworks: Frameworks | None = None  # the site's first: `framework` in site.yml
        self.content: Content | None = None
        self.hexmap: HexMap | None = None
        self.final_site_dir: Path | None = None  # where `mkdocs build` swaps the finished site
        self.warnings = CountHandler()
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
        if config.theme.name != THEME:
            raise PluginError(
                f"the council-ratings plugin draws its pages with its own theme, not '{config.theme.name}': "
                f"set `theme: name: {THEME}` in {Path(config.config_file_path or 'site.yml').name} "
                "(to change its look, add `custom_dir:` with your own templates or CSS)"
            )
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
                raise PluginError("content has errors:\n" + "\n".join(str(p) for p in exc.problems)) from None
        if not config.site_url:
            raise PluginError("set site_url in the MkDocs configuration: embed code, citations and previews need it")
        if self.command == "build":
            self._build_beside_the_site(config)
        freeze_loaded_content()
        if config.strict and self.content.warnings:
            # Fail now, before anything is written (MkDocs counts warnings only at the very end).
            raise PluginError(
                f"content has {counted(len(self.content.warnings), 'warning')}, which fail a --strict build:\n"
                + "\n".join(summarised(self.content.warnings))
            )
        for line in summarised(self.content.warnings):
            log.warning(line)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.background_index is not None:
            self.background_index.build_started()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.content is not None and self.frameworks is not None
        for file in list(files):
            council_file = file.src_uri.startswith(self.config.councils_dir + "/") and file.src_uri.endswith(
                COUNCIL_SUFFIXES
            )
            framework_file = file.src_uri.startswith(FRAMEWORKS_FOLDER + "/") and file.src_uri.endswith(".yml")
            if council_file or framework_file or file.src_uri == self.config.hexmap:  # content, not pages
                files.remove(file)
        with self._timed("plan pages"):
            self.similar = site_similar_councils(self.content.councils, self.frameworks)
            self.plan = generated_pages(
                self.content.councils,
                self.frameworks,
                self._site_info(config),
                self.config.search,
                self.hexmap,
                self._licence(),
                self.similar,
            )
            for r in rounds.framework_rounds(self.content.councils, self.frameworks):
                compare.keep_placements(r.councils, r.framework)
        self._check_addresses(files, config)
        self.markdown_pages = [f.dest_uri for f in files.documentation_pages()]  # searched, with council pages
        if self.serve is not None and self.serve.last_files_kept:
            # The home and about pages show figures from every council: render them every time.
            for file in files.documentation_pages():
                file.is_modified = lambda: True  # type: ignore[method-assign]
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.autoescape = True
        if self.serve is not None:
            env.bytecode_cache = self.serve.template_code  # compiled once per `make serve`, not per rebuild
        env.auto_reload = False  # a new environment every build: no need to check each template's file per page
        env.globals["site_settings"] = {
            "example_data": self.config.example_data,
            "publisher": self.config.publisher,
            "search": self.config.search,
            "framework": self.frameworks.site,
        }
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
        if self.final_site_dir is not None:
            self._swap_into_place(config)

    def on_build_error(self, *, error: Exception) -> None:
        end_of_build()
        if self.final_site_dir is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            shutil.rmtree(self.final_site_dir.with_name(self.final_site_dir.name + ".building"), ignore_errors=True)

    def on_shutdown(self) -> None:
        if self.background_index is not None:
            self.background_index.wait()

    # --- Checking and planning ------------------------------------------------------

    def _check_addresses(self, files: Files, config: MkDocsConfig) -> None:
        """No two sources may claim one address: MkDocs' files, the councils' pages, the open
        data and the generated site pages."""
        assert self.content is not None and self.frameworks is not None
        claims = [Claim(f.url, _source_of(f, config), "(file)") for f in files]
        claims += councils_claims(self.content.councils)
        claims += [Claim(path, "the generator's open data", "(file)") for path in self._open_data_files()]
        claims += [Claim(p.url, f"the generator's {p.template}", "(file)") for p in self.plan if not p.slug]
        problems = conflicts(claims, position=_position_in_file)
        if problems:
            raise PluginError("two sources claim the same address:\n" + "\n".join(str(p) for p in problems))

    def _open_data_files(self) -> list[str]:
        assert self.content is not None and self.frameworks is not None
        return open_data_claims() + [path for path, _ in feed_paths(self.frameworks, self.content.councils)]

    def _view_for(self, page: Page) -> object | None:
        assert self.content is not None and self.frameworks is not None
        template = page.meta.get("template")
        if template == "home.html":
            return pages.home_page(self.content.councils, self.frameworks)
        if template == "about-ratings.html":
            return pages.about_ratings_page(self.frameworks, self.content.councils)
        return None

    def _licence(self) -> DataLicence:
        return DataLicence(
            name=self.config.data_licence_name,
            id=self.config.data_licence_id,
            url=self.config.data_licence_url,
            attribution=self.config.attribution or f"Published by {self.config.publisher or 'this site'}.",
        )

    def _site_info(self, config: MkDocsConfig) -> pages.SiteInfo:
        assert self.frameworks is not None
        return pages.SiteInfo(
            url=config.site_url or "/",
            name=config.site_name,
            publisher=self.config.publisher,
            regulator=self.frameworks.site.regulator,
            example_data=self.config.example_data,
        )

    # --- Writing, indexing and swapping into place ------------------------------------

    def _write_generated(self, site_dir: Path, config: MkDocsConfig) -> None:
        """The generated pages and each council's files, across every core, then the open data."""
        assert self.content is not None and self.frameworks is not None and self.env is not None
        # MkDocs stamps the gzipped sitemap with the build time; write it again without one.
        sitemap = site_dir / "sitemap.xml"
        if sitemap.exists():
            sitemap.with_suffix(".xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), mtime=0))
        councils, site = self.content.councils, self._site_info(config)
        remembered = None
        if self.serve is not None:
            remembered = self.serve.start_build(
                councils, self.similar, _site_stamp(config, self.config, self.frameworks.all)
            )
        with self._timed("generated pages"):
            rendered = write_generated(
                site_dir, self.plan, councils, PageRenderer(self.env, config), self.frameworks, site, remembered
            )
        # The workers have finished, and the search indexer has not started: the largest worker's peak.
        self.worker_peak_mb = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        self.councils_rendered = rendered
        log.info(f"rendered {rendered} of {len(councils)} councils")
        kept_data_json = self.serve.data_json if self.serve else lambda council: None
        with self._timed("open data"):
            write_open_data(site_dir, councils, self.frameworks, site, self._licence(), kept_data_json)
        if self.serve is not None:
            site_files = {page_file(p.url) for p in self.plan if p.slug is None} | set(self._open_data_files())
            self.serve.remove_stale_files(site_dir, site_files)

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

    def _build_beside_the_site(self, config: MkDocsConfig) -> None:
        """Build beside the real site and swap at the end, so a failed build leaves it untouched."""
        self.final_site_dir = Path(config.site_dir)
        config.site_dir = str(self.final_site_dir.with_name(self.final_site_dir.name + ".building"))
        self.warnings = CountHandler()
        self.warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def _swap_into_place(self, config: MkDocsConfig) -> None:
        assert self.final_site_dir is not None
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

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[stage] = time.perf_counter() - started


def _site_stamp(config: MkDocsConfig, settings: CouncilRatingsConfig, frameworks: tuple[object, ...]) -> SiteStamp:
    """What every generated file depends on besides content: the site's settings, the
    frameworks (the same objects while their files are unchanged) and the theme's files
    (`make serve` watches the theme)."""
    theme = tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for folder in config.theme.dirs
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file()
    )
    settings_now = tuple(sorted(settings.items()))
    return (config.site_name, config.site_description, config.site_url, settings_now, frameworks, theme)
