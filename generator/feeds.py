"""The Atom feeds: every published assessment, nationally and per region, and the
what-changed page's feed. Like the rest of the open data, nothing here reads the
clock, so two builds of the same content write the same feeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from . import model, routes
from .compare.changes import WHAT_CHANGED, WHAT_CHANGED_FEED, change_entries
from .framework import Framework, Frameworks, frameworks_of
from .memo import PerCouncil
from .pages import SiteInfo
from .words import long_date

_feed_entries_of: PerCouncil[list[tuple[date, str, str]]] = PerCouncil()


def _feed_entries(c: model.Council, fw: Frameworks, site: SiteInfo) -> list[tuple[date, str, str]]:
    """A council's feed entries as (published, council name, Atom XML), one per assessment."""
    _feed_entries_of.depend_on(*fw.all, site)
    return _feed_entries_of.get(c, lambda: [(a.published, c.name, _feed_entry(c, a, fw, site)) for a in c.assessments])


def _feed_entry(c: model.Council, a: model.Assessment, frameworks: Frameworks, site: SiteInfo) -> str:
    fw = frameworks.of(a.framework)
    result = model.overall_result(a, fw)
    link = site.url + routes.assessment_url(c.slug, a.published)
    kind = "Indicative assessment" if a.kind == "indicative" else "Rated"
    words = f"{kind} {result.rating.name.lower()}, {model.score_words(result)}" if result else "Not scored"
    summary = f"{c.name}: {words}. Published {long_date(a.published)}, under the {fw.label}."
    return (
        "  <entry>\n"
        f"    <title>{escape(c.name)}: {escape(words)}</title>\n"
        f'    <link rel="alternate" type="text/html" href="{escape(link)}"/>\n'
        f"    <id>{escape(link)}</id>\n"
        f"    <published>{a.published.isoformat()}T00:00:00Z</published>\n"
        f"    <updated>{a.published.isoformat()}T00:00:00Z</updated>\n"
        f"    <summary>{escape(summary)}</summary>\n"
        f'    <category term="{escape(c.region)}" label="{escape(frameworks.site.region(c.region).name)}"/>\n'
        f'    <category term="{escape(fw.id)}" scheme="{escape(site.url + routes.DATA_DIR)}#framework" '
        f'label="{escape(fw.label)}"/>\n'
        "  </entry>\n"
    )


def atom_feed(councils: list[model.Council], fw: Framework | Frameworks, site: SiteInfo, path: str, title: str) -> str:
    """An Atom feed of published assessments, newest first, one entry per assessment."""
    frameworks = frameworks_of(fw)
    items = sorted((entry for c in councils for entry in _feed_entries(c, frameworks, site)), reverse=True)
    updated = items[0][0].isoformat() + "T00:00:00Z" if items else "1970-01-01T00:00:00Z"
    entries = [xml for *_, xml in items]
    feed_url = site.url + path
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{escape(title)}</title>\n"
        f'  <link rel="self" type="application/atom+xml" href="{escape(feed_url)}"/>\n'
        f'  <link rel="alternate" type="text/html" href="{escape(site.url)}"/>\n'
        f"  <id>{escape(feed_url)}</id>\n"
        f"  <updated>{updated}</updated>\n"
        f"  <author><name>{escape(site.publisher or site.name)}</name></author>\n" + "".join(entries) + "</feed>\n"
    )


def changes_feed(councils: list[model.Council], fw: Framework | Frameworks, site: SiteInfo) -> str:
    """An Atom feed of the what-changed page: one entry per council assessed more than once,
    its newest change first; across frameworks, the caveat before the ratings."""
    entries = change_entries(councils, frameworks_of(fw))
    feed_url = site.url + WHAT_CHANGED_FEED
    updated = entries[0].newer.published_iso + "T00:00:00Z" if entries else "1970-01-01T00:00:00Z"
    items = []
    for e in entries:
        link = site.url + e.newer.url
        now = f", now rated {e.newer.rating.name.lower()}" if e.newer.rating else ""
        title = f"{e.name}: re-assessed" + (" under another framework" if e.caveat else "") + now
        summary = " ".join(part for part in (e.caveat, e.rating_words) if part)
        items.append(
            "  <entry>\n"
            f"    <title>{escape(title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{escape(link)}"/>\n'
            f"    <id>{escape(link)}#what-changed</id>\n"
            f"    <published>{e.newer.published_iso}T00:00:00Z</published>\n"
            f"    <updated>{e.newer.published_iso}T00:00:00Z</updated>\n"
            f"    <summary>{escape(summary)}</summary>\n"
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{escape(site.name)}: what changed</title>\n"
        f'  <link rel="self" type="application/atom+xml" href="{escape(feed_url)}"/>\n'
        f'  <link rel="alternate" type="text/html" href="{escape(site.url + WHAT_CHANGED)}"/>\n'
        f"  <id>{escape(feed_url)}</id>\n"
        f"  <updated>{updated}</updated>\n"
        f"  <author><name>{escape(site.publisher or site.name)}</name></author>\n" + "".join(items) + "</feed>\n"
    )


def feed_paths(fw: Framework | Frameworks, councils: list[model.Council]) -> list[tuple[str, str | None]]:
    """(path, region id or None) for the national feed and one feed per region with a council."""
    regions = [r.id for r in frameworks_of(fw).site.regions if any(c.region == r.id for c in councils)]
    return [("feed.xml", None)] + [(f"feeds/{r}.xml", r) for r in regions]


def write_feeds(site_dir: Path, councils: list[model.Council], fw: Framework | Frameworks, site: SiteInfo) -> int:
    """Write the national feed, one per region with a council, and the what-changed feed;
    returns how many files."""
    frameworks = frameworks_of(fw)
    _feed_entries_of.keep_only(councils)
    written = 0
    for path, region in feed_paths(fw, councils):
        chosen = [c for c in councils if region is None or c.region == region]
        title = f"{site.name}: published assessments" + (f", {frameworks.site.region(region).name}" if region else "")
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(atom_feed(chosen, fw, site, path, title), encoding="utf-8")
        written += 1
    (site_dir / WHAT_CHANGED_FEED).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / WHAT_CHANGED_FEED).write_text(changes_feed(councils, fw, site), encoding="utf-8")
    return written + 1
