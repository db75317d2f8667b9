"""Index the built site for search with Pagefind's Python API.

Pages choose what is indexed with `data-pagefind-*` attributes in the theme:
only elements marked `data-pagefind-body` count (never the header, banner or
footer), a council's name and places weigh most, and council pages carry the
filters and sort values of `pages.SearchFacts`.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import logging
import re
import shutil
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from . import routes

BUNDLE_DIR = "pagefind"  # inside the site; theme/js/search.js loads it from there


@dataclass(frozen=True)
class IndexStats:
    html_files: int  # HTML files Pagefind read
    pages: int  # pages that went into the index (those with `data-pagefind-body`)
    bundle_bytes: int  # the size of everything written under BUNDLE_DIR


COUNCIL_PAGES = routes.council_url("*") + "index.html"


def indexed_glob(markdown_pages: list[str]) -> str:
    """The pages Pagefind reads (a glob): the Markdown pages and each council's page, the
    only ones with a `data-pagefind-body`. Not every assessment page, redirect and
    comparison page of the site, which would only be read to be left out."""
    escaped = [re.sub(r"([\\{}\[\]*?,()<>!])", r"\\\1", page) for page in markdown_pages]
    return "{" + ",".join(sorted(escaped) + [COUNCIL_PAGES]) + "}"


def index_site(site_dir: Path, markdown_pages: list[str], bundle: Path | None = None) -> IndexStats:
    """Write the search bundle into `site_dir/pagefind/` (or `bundle`), replacing any earlier one.
    `markdown_pages` are the site-relative files of MkDocs' own pages (e.g. "about/index.html")."""
    return asyncio.run(_index(site_dir, indexed_glob(markdown_pages), bundle or site_dir / BUNDLE_DIR))


async def _index(site_dir: Path, glob: str, bundle: Path) -> IndexStats:
    from pagefind.index import PagefindIndex

    shutil.rmtree(bundle, ignore_errors=True)  # no stale fragments from an earlier build
    # Pagefind answers "written" while its writes may still be under way, and closing the
    # index stops its process at once: files were lost or cut short (Pagefind issue #1271;
    # seen here as an empty pagefind-entry.json). So the files are written here, inside the
    # `async with`, and it is left only once every file is whole; leaving with _Written
    # stops it writing them again on the way out. `output_path` is given in full: a relative
    # one would be taken from the current directory, not the site.
    try:
        async with PagefindIndex(config={"force_language": "en", "output_path": str(bundle.resolve())}) as index:
            added = await index.add_directory(str(site_dir), glob=glob)
            await index.write_files()
            await _until_whole(bundle)
            raise _Written
    except _Written:
        pass
    in_order(bundle)
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
    indexed = len(list((bundle / "fragment").glob("*.pf_fragment")))
    return IndexStats(html_files=added["page_count"], pages=indexed, bundle_bytes=size)


class _Written(Exception):
    """Leaves the index's `async with` without it writing the files a second time."""


async def _until_whole(bundle: Path, timeout: float = 120.0) -> None:
    """Wait until Pagefind's files are all there and whole: the entry file reads as JSON,
    every compressed index file decompresses to its end, and no file changed size since
    the last look (its scripts and styles are not compressed)."""
    checked: dict[Path, int] = {}  # compressed files found whole, at this size
    last: dict[Path, int] | None = None
    waited = 0.0
    while True:
        sizes = {p: p.stat().st_size for p in bundle.rglob("*") if p.is_file()}
        whole = sizes == last and _entry_reads(bundle)
        for path, size in sizes.items():
            if whole and path.suffix.startswith((".pf_", ".pagefind")) and checked.get(path) != size:
                if _gzip_whole(path):
                    checked[path] = size
                else:
                    whole = False
        if whole:
            return
        if waited >= timeout:
            raise RuntimeError(f"Pagefind's files in {bundle} were still incomplete after {timeout:.0f} s")
        last = sizes
        await asyncio.sleep(0.02)
        waited += 0.02


def _entry_reads(bundle: Path) -> bool:
    try:
        json.loads((bundle / "pagefind-entry.json").read_text())
    except (OSError, ValueError):
        return False
    return True


def _gzip_whole(path: Path) -> bool:
    stream = zlib.decompressobj(wbits=31)  # gzip
    try:
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                stream.decompress(chunk)
    except (OSError, zlib.error):
        return False
    return stream.eof


# --- The same site, the same bundle -------------------------------------------------
# Pagefind writes its filter indexes, and the metadata index that names them and holds
# the sort orders, in the order of a Rust hash map, which changes from run to run
# (Pagefind issue #638; its page fragments and word indexes are stable). So two builds
# of one site gave a few different files, under different names, and every deploy
# uploaded them again. `in_order` rewrites those few in a fixed order, each named by
# its contents as Pagefind names it (the language, then the start of a SHA-1 of the
# CBOR), so that the bundle depends on the site alone.

_SIGNATURE = b"pagefind_dcd"  # what each index file starts with once unzipped, before its CBOR


def _read_index_file(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind index file")
    return cbor2.loads(data[len(_SIGNATURE) :])


def _write_index_file(folder: Path, language: str, digits: int, pattern: str, value: Any) -> str:
    """Write `value` as a Pagefind index file named by its contents; returns its hash."""
    encoded = cbor2.dumps(value)
    name = f"{language}_{hashlib.sha1(encoded).hexdigest()[:digits]}"
    (folder / pattern.format(name)).write_bytes(gzip.compress(_SIGNATURE + encoded, compresslevel=9, mtime=0))
    return name


def in_order(bundle: Path) -> None:
    """Put a written bundle's filter and metadata indexes in a fixed order (see above)."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text())
    for language, about in sorted(entry["languages"].items()):
        meta_file = bundle / f"pagefind.{about['hash']}.pf_meta"
        # [version, pages, word index chunks, filters [name, hash], sorts [name, pages], meta fields]
        meta = _read_index_file(meta_file)
        filters = []
        for name, old_hash in meta[3]:
            filter_file = bundle / "filter" / f"{old_hash}.pf_filter"
            key, values = _read_index_file(filter_file)  # values: [value, [page numbers]]
            filter_file.unlink()
            new_hash = _write_index_file(bundle / "filter", language, 7, "{}.pf_filter", [key, sorted(values)])
            filters.append([name, new_hash])
        meta[3], meta[4] = sorted(filters), sorted(meta[4])
        meta_file.unlink()
        about["hash"] = _write_index_file(bundle, language, 10, "pagefind.{}.pf_meta", meta)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


class BackgroundIndex:
    """Under `make serve`: each build's search index, made in a background thread so the
    new pages are served at once. Only the newest build's index lands in the site: one
    still being made when another build starts is dropped."""

    def __init__(self, log: logging.Logger | logging.LoggerAdapter) -> None:
        self.log = log
        self._thread: threading.Thread | None = None
        self._builds = 0  # counts builds, so a late index never lands on a newer site
        self._landing = threading.Lock()  # held while a build starts or a finished index moves in

    def build_started(self) -> None:
        with self._landing:  # from here on, an index still being made for an older build is dropped
            self._builds += 1

    def start(self, site_dir: Path, markdown_pages: list[str]) -> None:
        self._thread = threading.Thread(target=self._index, args=(site_dir, markdown_pages, self._builds), daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _index(self, site_dir: Path, markdown_pages: list[str], build: int) -> None:
        bundle = site_dir / f".pagefind-{build}"
        try:
            stats = index_site(site_dir, markdown_pages, bundle)
        except Exception as exc:  # a newer build may have cleared the folder meanwhile
            shutil.rmtree(bundle, ignore_errors=True)
            self.log.debug(f"search index of build {build} dropped: {exc}")
            return
        with self._landing:
            if build == self._builds:
                shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
                bundle.rename(site_dir / BUNDLE_DIR)
                self.log.info(f"search index ready: {stats.pages} pages")
            else:
                shutil.rmtree(bundle, ignore_errors=True)
