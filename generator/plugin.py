"""The MkDocs plugin: thin event handlers over the generator's own functions.

Build pipeline, in MkDocs' order of events:
  on_config   load and check all content (the same loader as `check`)
  on_files    add the generated council pages, in memory
  on_env      turn on autoescaping, add the site's globals
  on_page_context  hand each template its typed page context
  on_post_build    index the written site for search, then swap the finished
                   build into place (`mkdocs build` only)
"""

from __future__ import annotations

import gzip
import logging
import shutil
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from . import pages
from .framework import Framework, load_framework
from .loader import COUNCIL_SUFFIXES, Content, load_councils
from .markdown import sanitise
from .problems import ContentError
from .search import index_site

log = get_plugin_logger(__name__)


class CouncilRatingsConfig(Config):
    councils_dir = c.Type(str, default="councils")  # inside docs_dir
    framework = c.Type(str, default="cqc-local-authority")
    example_data = c.Type(bool, default=False)  # show the "example data" banner on every page
    publisher = c.Type(str, default="")  # named in the footer
    search = c.Type(bool, default=True)  # build the Pagefind index and the /search/ page


# Generated pages: (src_uri, template). Council pages are added per council.
LIST_PAGE = ("councils/index.md", "councils.html")
SEARCH_PAGE = ("search/index.md", "search.html")


class CouncilRatingsPlugin(BasePlugin[CouncilRatingsConfig]):
    def __init__(self) -> None:
        self.command: Literal["build", "gh-deploy", "serve"] | None = None
        self.framework: Framework | None = None
        self.content: Content | None = None
        self.final_site_dir: Path | None = None
        self.warnings = CountHandler()
        self.by_slug: dict[str, Any] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.framework = load_framework(self.config.framework)
        try:
            self.content = load_councils(Path(config.docs_dir) / self.config.councils_dir, self.framework)
        except ContentError as exc:
            raise PluginError("content has errors:\n" + str(exc)) from None
        self.by_slug = {council.slug: council for council in self.content.councils}
        if self.command == "build":
            # Build beside the real site and swap at the end, so a failed build leaves it untouched.
            self.final_site_dir = Path(config.site_dir)
            config.site_dir = str(self.final_site_dir.with_name(self.final_site_dir.name + ".building"))
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)
        for problem in self.content.warnings:
            log.warning(str(problem))
        if config.strict and self.content.warnings:
            # Fail now, before anything is written (MkDocs counts warnings only at the very end).
            raise PluginError(
                "content has warnings, which fail a --strict build:\n"
                + "\n".join(str(p) for p in self.content.warnings)
            )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.content is not None
        for file in list(files):
            if file.src_uri.startswith(self.config.councils_dir + "/") and file.src_uri.endswith(COUNCIL_SUFFIXES):
                files.remove(file)
        generated = [LIST_PAGE] + ([SEARCH_PAGE] if self.config.search else [])
        generated += [(f"councils/{c.slug}.md", "council.html") for c in self.content.councils]
        for src_uri, template in generated:
            files.append(File.generated(config, src_uri, content=f"---\ntemplate: {template}\n---\n"))
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.autoescape = True
        env.globals["site_settings"] = {
            "example_data": self.config.example_data,
            "publisher": self.config.publisher,
            "search": self.config.search,
            "framework": self.framework,
        }
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return sanitise(html)  # ordinary Markdown pages are content too, not trusted markup

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        context["view"] = self.view_for(page)
        return context

    def view_for(self, page: Page) -> object | None:
        assert self.content is not None and self.framework is not None
        councils, fw = self.content.councils, self.framework
        template = page.meta.get("template")
        if template == "council.html":
            slug = page.file.src_uri.removeprefix("councils/").removesuffix(".md")
            return pages.council_page(self.by_slug[slug], fw)
        if template == "councils.html":
            return pages.council_list_page(councils, fw)
        if template == "home.html":
            return pages.home_page(councils, fw)
        if template == "search.html":
            return pages.search_page(councils, fw)
        if template == "about-ratings.html":
            return pages.about_ratings_page(fw)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs stamps the gzipped sitemap with the build time; write it again without one.
        sitemap = Path(config.site_dir) / "sitemap.xml"
        if sitemap.exists():
            sitemap.with_suffix(".xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), mtime=0))
        if self.config.search:
            try:
                stats = index_site(Path(config.site_dir))
            except Exception as exc:  # the index is part of the site: no index, no new site
                raise PluginError(f"search indexing failed: {exc}") from exc
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

    def on_build_error(self, *, error: Exception) -> None:
        if self.final_site_dir is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            shutil.rmtree(self.final_site_dir.with_name(self.final_site_dir.name + ".building"), ignore_errors=True)
