"""National comparison: the typed contexts of the /compare/ pages and of the
"Compare with similar councils" part of each council page, one module per page
family over the rows they share:

  rows           one row per council's current assessment, and the counts by rating
  overview       /compare/
  distributions  /compare/statements/<id>/ and /compare/themes/<id>/
  areas          /compare/regions/<id>/ and /compare/types/<id>/, and the bands of local
                 context (`bands`): /compare/population/<id>/, /compare/deprivation/<id>/
  context        /compare/context/: scores against local context and the evidence's depth
  side_by_side   /compare/councils/
  similar        each council page's similar councils, using
  nearest        the nearest-profile search (an algorithm, not a page)
  rounds         one framework at a time: each framework's pages, and the links between them
  changes        /compare/what-changed/: every council assessed more than once, across frameworks

Like is compared with like: every grouping is by council type or region, and
every row links to the council's narrative. Fields are documented in
docs/page-contexts.md, which a test keeps in step with these classes.
"""

from .areas import AreaPage, area_page
from .bands import BANDS, band_of
from .changes import (
    WHAT_CHANGED,
    WHAT_CHANGED_FEED,
    ChangedAssessment,
    ChangeEntry,
    WhatChangedPage,
    change_entries,
    what_changed_page,
)
from .context import BandLinks, ContextMeasure, ContextPage, ContextPoint, band_links, context_page
from .distributions import DistributionPage, Group, GroupEntry, excerpt, keep_placements, statement_page, theme_page
from .nearest import nearest_profiles
from .overview import ComparePage, compare_page
from .rounds import RoundLink, RoundNav, round_nav
from .rows import CompareRow, HeaderCell, NotAssessed, ThemeCell, compare_rows, rating_counts
from .side_by_side import MAX_SIDE_BY_SIDE, SideBySidePage, side_by_side_page
from .similar import SimilarCouncils, SimilarEntry, SimilarGroup, similar_councils

__all__ = [
    "BANDS",
    "WHAT_CHANGED",
    "WHAT_CHANGED_FEED",
    "ChangeEntry",
    "ChangedAssessment",
    "WhatChangedPage",
    "change_entries",
    "what_changed_page",
    "MAX_SIDE_BY_SIDE",
    "BandLinks",
    "ContextMeasure",
    "ContextPage",
    "ContextPoint",
    "band_links",
    "band_of",
    "context_page",
    "AreaPage",
    "CompareRow",
    "ComparePage",
    "DistributionPage",
    "Group",
    "GroupEntry",
    "HeaderCell",
    "NotAssessed",
    "SideBySidePage",
    "SimilarCouncils",
    "SimilarEntry",
    "SimilarGroup",
    "ThemeCell",
    "RoundLink",
    "RoundNav",
    "round_nav",
    "area_page",
    "compare_page",
    "compare_rows",
    "excerpt",
    "keep_placements",
    "nearest_profiles",
    "rating_counts",
    "side_by_side_page",
    "similar_councils",
    "statement_page",
    "theme_page",
]
