"""Search: the filters, result details and sorts each council page gives the Pagefind
index (`SearchFacts`), and /search/, which lists the choices the browser searches with.
The index itself is written by `generator/search.py`."""

from __future__ import annotations

from dataclasses import dataclass

from .. import model
from ..framework import Framework, Frameworks, frameworks_of
from ..words import long_date

KIND_WORDS = {"formal": "Formal assessment", "indicative": "Indicative (pilot)"}
NOT_ASSESSED = "Not yet assessed"
SEARCH_SORTS = (
    ("", "Best match"),
    ("score-desc", "Score, highest first"),
    ("score-asc", "Score, lowest first"),
    ("published-desc", "Published, newest first"),
    ("published-asc", "Published, oldest first"),
)


@dataclass(frozen=True)
class SearchFacts:
    """What the search index knows about a council page beyond its words."""

    filters: tuple[tuple[str, str], ...]  # (filter key, value in words)
    meta: tuple[tuple[str, str], ...]  # (key, value) shown with each result
    sort: tuple[tuple[str, str], ...]  # (sort key, value); every council page has every sort key


def search_facts(council: model.Council, fw: Framework | Frameworks) -> SearchFacts:
    frameworks = frameworks_of(fw)
    a = council.current
    under = frameworks.of(a.framework) if a else frameworks.site
    result = model.overall_result(a, under) if a else None
    rating = result.rating.name if result else NOT_ASSESSED
    filters = [
        ("rating", rating),
        ("region", frameworks.site.region(council.region).name),
        ("type", frameworks.site.council_type(council.type).name),
    ]
    if a:
        filters.append(("kind", KIND_WORDS[a.kind]))
    if len(frameworks.all) > 1:
        # The framework of the rating the page shows; a council never assessed is in neither.
        filters.append(("framework", under.label if a else NOT_ASSESSED))
    meta = [("rating", rating + (" (indicative)" if a and a.kind == "indicative" else ""))]
    if result:
        meta.append(("score", model.score_words(result)))
    if a:
        meta.append(("published", long_date(a.published)))
    # Numbers, so Pagefind sorts them numerically; 0 puts councils not yet assessed last when descending.
    sort = (
        ("score", str(result.percent or 0 if result else 0)),
        ("published", a.published.strftime("%Y%m%d") if a else "0"),
    )
    return SearchFacts(filters=tuple(filters), meta=tuple(meta), sort=sort)


@dataclass(frozen=True)
class SearchFilter:
    key: str  # the Pagefind filter key, also the query-string parameter
    label: str  # e.g. "Rating"
    values: tuple[str, ...]  # every value some council page carries, in a sensible order


@dataclass(frozen=True)
class SearchPage:
    """The context of /search/. The page works the search in the browser; this lists its choices."""

    filters: tuple[SearchFilter, ...]
    sorts: tuple[tuple[str, str], ...]  # (query-string value, words); "" is best match


def search_page(councils: list[model.Council], fw: Framework | Frameworks) -> SearchPage:
    frameworks = frameworks_of(fw)
    fw = frameworks.site
    present: dict[str, set[str]] = {}
    for council in councils:
        for key, value in search_facts(council, frameworks).filters:
            present.setdefault(key, set()).add(value)
    orders = {
        "rating": list(dict.fromkeys(r.name for f in reversed(frameworks.all) for r in reversed(f.ratings)))
        + [NOT_ASSESSED],
        "region": [r.name for r in fw.regions],
        "type": [t.name for t in fw.council_types],
        "kind": list(KIND_WORDS.values()),
        "framework": [f.label for f in reversed(frameworks.all)] + [NOT_ASSESSED],
    }
    labels = {
        "rating": "Rating",
        "region": "Region",
        "type": "Type of council",
        "kind": "Kind of assessment",
        "framework": "Framework of the current rating",
    }
    return SearchPage(
        filters=tuple(
            SearchFilter(key, labels[key], tuple(v for v in orders[key] if v in present.get(key, ())))
            for key in labels
            if present.get(key)
        ),
        sorts=SEARCH_SORTS,
    )
