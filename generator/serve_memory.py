"""What `make serve` keeps from one rebuild to the next, so a rebuild after an edit
reads and renders again only what changed.

MkDocs keeps the plugin object for the life of `mkdocs serve`; the plugin makes one
ServeMemory there (and none for `mkdocs build`). Each rebuild starts it with
`start_build`, which forgets whatever the new content or settings (`site_stamp`) make
stale and hands `write_generated` its `Remembered`. Whatever is reused, the served
site must be the site a clean build makes (tests/test_serve.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from . import model, routes
from .loader import ReadMemo
from .problems import Problem
from .settings import CouncilRatingsConfig
from .site_writer import CouncilFiles, Remembered, TemplateCodeCache

SiteStamp = tuple[object, ...]  # the site's settings and its theme's files, as they were built


def site_stamp(config: MkDocsConfig, settings: CouncilRatingsConfig, frameworks: tuple[object, ...]) -> SiteStamp:
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


class ServeMemory:
    def __init__(self, last_files_kept: bool) -> None:
        # `mkdocs serve --dirty` keeps the last build's files in place: then what has not
        # changed need not be written again, but what a build no longer makes is removed.
        self.last_files_kept = last_files_kept
        self.read_memo: ReadMemo = {}  # council files by their bytes (see load_councils)
        self.template_code = TemplateCodeCache()
        self._rendered: dict[str, tuple[tuple[object, ...], CouncilFiles]] = {}  # by slug: (made from, files)
        self._site_pages: dict[str, tuple[object, bytes]] = {}  # by address: (context, HTML)
        self._site_stamp: SiteStamp = ()
        self._similar: dict[str, object] = {}
        self._generated_files: set[str] = set()  # what the last build wrote besides MkDocs' own
        self._frameworks: tuple[object, ...] = ()  # the frameworks the councils in read_memo were read under
        self.content_problems: list[Problem] = []  # the last rebuild's errors in the content, shown in the browser

    def use_frameworks(self, frameworks: tuple[object, ...]) -> None:
        """Councils were read under the frameworks of the last build: if one changed (a
        publisher's framework file was edited), every file is read again."""
        if frameworks != self._frameworks:
            self.read_memo.clear()
            self._frameworks = frameworks

    def render_every_time(self, markdown_pages: Iterable[File]) -> None:
        """With the last build's files kept, MkDocs renders again only the Markdown pages whose
        source changed; the home and about pages show figures from every council."""
        if self.last_files_kept:
            for file in markdown_pages:
                file.is_modified = lambda: True  # type: ignore[method-assign]

    def start_build(self, councils: list[model.Council], similar: dict[str, object], stamp: SiteStamp) -> Remembered:
        """Forget what this build's councils, similar councils and site stamp make stale;
        return what `write_generated` reads and adds to."""
        if stamp != self._site_stamp:  # a theme file or a setting changed: every site page is stale
            self._site_pages.clear()
            self._site_stamp = stamp
        self._similar = similar
        slugs = {c.slug for c in councils}
        self._rendered = {slug: kept for slug, kept in self._rendered.items() if slug in slugs}
        return Remembered(
            council_files=self.council_files,
            keep_council=self.keep_council,
            site_pages=self._site_pages,
            rewrite=not self.last_files_kept,
        )

    def _made_from(self, council: model.Council) -> tuple[object, ...]:
        """What a council's files depend on: the council, its similar councils and the site."""
        return (council, self._similar.get(council.slug), self._site_stamp)

    def council_files(self, council: model.Council) -> CouncilFiles | None:
        """The council's files as the last build made them, if nothing they depend on changed."""
        kept = self._rendered.get(council.slug)
        # The loader hands back the very same object for a file that has not changed.
        if kept and kept[0][0] is council and kept[0][1:] == self._made_from(council)[1:]:
            return kept[1]
        return None

    def keep_council(self, council: model.Council, files: CouncilFiles) -> None:
        self._rendered[council.slug] = (self._made_from(council), files)

    def data_json(self, council: model.Council) -> bytes | None:
        """The council's data.json as kept in memory (None: read it back from the site)."""
        files = self.council_files(council)
        return files.get(routes.council_url(council.slug) + "data.json") if files else None

    def remove_stale_files(self, site_dir: Path, site_files: set[str]) -> None:
        """With the last build's files kept, remove those this build no longer makes: a
        removed council's, a renamed one's old badges, a region's page once it has no
        council. `site_files` are this build's files that belong to no council."""
        made = {path for _, files in self._rendered.values() for path in files} | site_files
        if self.last_files_kept:
            for path in self._generated_files - made:
                (site_dir / path).unlink(missing_ok=True)
        self._generated_files = made
