"""Page generation: turn checked content into one typed context per page, one module
per page family over the views they share:

  views          what several families show: a rating (`RatingView`), the framework an
                 assessment was made under (`FrameworkLabel`), an assessment with its
                 themes and change (`AssessmentView`), and the site (`SiteInfo`)
  council        /councils/<slug>/ and each assessment's permanent page, with the badge,
                 citation, share preview and schema.org description
  easy_read      /councils/<slug>/easy-read/, the current assessment in Easy Read
  council_list   /councils/, every council A to Z
  home           the home page
  about_ratings  /about-the-ratings/
  search         /search/, and what each council page gives the search index
  redirects      the old addresses: GSS codes, previous slugs
  finder         /postcodes/, the postcode finder, its area pages and district files

Templates only lay these out; every number and sentence a page shows is decided here
(or in `model`). The comparison pages are in `generator/compare/`. Fields are
documented in docs/page-contexts.md, which a test keeps in step with these classes.
"""

from .about_ratings import AboutRatingsPage, OtherFramework, about_ratings_page
from .council import (
    AssessmentLink,
    BadgeView,
    CouncilPage,
    SharePreview,
    badge_facts,
    council_page,
    current_assessment_page,
)
from .council_list import CouncilListEntry, CouncilListPage, council_entry, council_list_page
from .easy_read import (
    EasyReadLink,
    EasyReadPage,
    EasyReadPoint,
    EasyReadRating,
    EasyReadTheme,
    EasyReadWord,
    easy_read_page,
    has_easy_read,
)
from .home import FrameworkCount, HomePage, RatingCount, home_page
from .redirects import RedirectPage, redirect_page
from .search import (
    KIND_WORDS,
    NOT_ASSESSED,
    SEARCH_SORTS,
    SearchFacts,
    SearchFilter,
    SearchPage,
    search_facts,
    search_page,
)
from .views import (
    AssessmentView,
    ChangeView,
    FrameworkLabel,
    RatingView,
    SiteInfo,
    StatementChangeView,
    StatementView,
    ThemeView,
    assessment_view,
    assessment_views,
    characteristics_of,
    framework_label,
    rating_view,
    statement_view,
)

__all__ = [
    "KIND_WORDS",
    "NOT_ASSESSED",
    "SEARCH_SORTS",
    "AboutRatingsPage",
    "AssessmentLink",
    "AssessmentView",
    "BadgeView",
    "ChangeView",
    "CouncilListEntry",
    "CouncilListPage",
    "CouncilPage",
    "EasyReadLink",
    "EasyReadPage",
    "EasyReadPoint",
    "EasyReadRating",
    "EasyReadTheme",
    "EasyReadWord",
    "FrameworkCount",
    "FrameworkLabel",
    "HomePage",
    "OtherFramework",
    "RatingCount",
    "RatingView",
    "RedirectPage",
    "SearchFacts",
    "SearchFilter",
    "SearchPage",
    "SharePreview",
    "SiteInfo",
    "StatementChangeView",
    "StatementView",
    "ThemeView",
    "about_ratings_page",
    "assessment_view",
    "assessment_views",
    "badge_facts",
    "characteristics_of",
    "council_entry",
    "council_list_page",
    "council_page",
    "current_assessment_page",
    "easy_read_page",
    "framework_label",
    "has_easy_read",
    "home_page",
    "rating_view",
    "redirect_page",
    "search_facts",
    "search_page",
    "statement_view",
]
