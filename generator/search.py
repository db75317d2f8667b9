"""Index the built site for search with Pagefind's Python API.

Pages choose what is indexed with `data-pagefind-*` attributes in the theme:
only elements marked `data-pagefind-body` count (never the header, banner or
footer), a council's name and places weigh most, and council pages carry the
filters and sort values of `pages.SearchFacts`.
"""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"  # inside the site; theme/js/search.js loads it from there


@dataclass(frozen=True)
class IndexStats:
    html_files: int  # HTML files Pagefind read
    pages: int  # pages that went into the index (those with `data-pagefind-body`)
    bundle_bytes: int  # the size of everything written under BUNDLE_DIR


def index_site(site_dir: Path, bundle: Path | None = None) -> IndexStats:
    """Write the search bundle into `site_dir/pagefind/` (or `bundle`), replacing any earlier one."""
    return asyncio.run(_index(site_dir, bundle or site_dir / BUNDLE_DIR))


async def _index(site_dir: Path, bundle: Path) -> IndexStats:
    from pagefind.index import PagefindIndex

    shutil.rmtree(bundle, ignore_errors=True)  # no stale fragments from an earlier build
    # The index writes its files when the `async with` ends, to `output_path` (given in full:
    # a relative one would be taken from the current directory, not the site).
    async with PagefindIndex(config={"force_language": "en", "output_path": str(bundle.resolve())}) as index:
        added = await index.add_directory(str(site_dir))
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
    indexed = len(list((bundle / "fragment").glob("*.pf_fragment")))
    return IndexStats(html_files=added["page_count"], pages=indexed, bundle_bytes=size)
