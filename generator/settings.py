"""The plugin's settings, under `plugins: - council-ratings:` in site.yml, and what is
worked out from them and MkDocs' own configuration: that the plugin's theme is named,
what pages know of the site (`SiteInfo`), the open data's licence (`DataLicence`), the
settings every template sees, and which of docs_dir's files are content, not pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .framework import Frameworks
from .loader import COUNCIL_SUFFIXES
from .new_site import unfilled_lines
from .opendata import DataLicence
from .pages import SiteInfo
from .pages.views import ratings_rule, regulators
from .postcodes import DEFAULT_TABLE, PostcodeTable, TableError, load_table
from .problems import Problem, summarised
from .words import counted

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
    # The postcode finder (/postcodes/ and the home page's box); `postcodes` names a table of
    # the site's own inside docs_dir (the example site's is fictional), else the one that ships.
    postcode_finder = c.Type(bool, default=True)
    postcodes = c.Type(str, default="")


def check_theme(config: MkDocsConfig) -> None:
    if config.theme.name != THEME:
        raise PluginError(
            f"the council-ratings plugin draws its pages with its own theme, not '{config.theme.name}': "
            f"set `theme: name: {THEME}` in {Path(config.config_file_path or 'site.yml').name} "
            "(to change its look, add `custom_dir:` with your own templates or CSS)"
        )


def site_info(config: MkDocsConfig, settings: CouncilRatingsConfig, frameworks: Frameworks) -> SiteInfo:
    return SiteInfo(
        url=config.site_url or "/",
        name=config.site_name,
        publisher=settings.publisher,
        regulator=frameworks.site.regulator,
        example_data=settings.example_data,
        postcodes=postcode_table(settings, Path(config.docs_dir)),
    )


def postcode_table(settings: CouncilRatingsConfig, docs_dir: Path) -> PostcodeTable | None:
    if not settings.postcode_finder:
        return None
    path = docs_dir / settings.postcodes if settings.postcodes else DEFAULT_TABLE
    try:
        return load_table(path)
    except (OSError, TableError) as exc:
        raise PluginError(f"the postcode finder's table (postcodes in site.yml): {exc}") from None


def data_licence(settings: CouncilRatingsConfig) -> DataLicence:
    return DataLicence(
        name=settings.data_licence_name,
        id=settings.data_licence_id,
        url=settings.data_licence_url,
        attribution=settings.attribution or f"Published by {settings.publisher or 'this site'}.",
    )


def template_settings(settings: CouncilRatingsConfig, frameworks: Frameworks) -> dict[str, Any]:
    """`site_settings` in every template (docs/page-contexts.md)."""
    return {
        "example_data": settings.example_data,
        "publisher": settings.publisher,
        "search": settings.search,
        "postcode_finder": settings.postcode_finder,  # the home page's postcode box
        "framework": frameworks.site,
        "ratings_rule": ratings_rule(frameworks),  # how ratings are reached, true under every framework
        "regulators": regulators(frameworks),  # who assesses under them, e.g. "the Care Quality Commission"
    }


def is_content(src_uri: str, settings: CouncilRatingsConfig) -> bool:
    """A council file, a framework file, the hex map or the postcode table: read as content, not published."""
    council_file = src_uri.startswith(settings.councils_dir + "/") and src_uri.endswith(COUNCIL_SUFFIXES)
    framework_file = src_uri.startswith(FRAMEWORKS_FOLDER + "/") and src_uri.endswith(".yml")
    return council_file or framework_file or src_uri in (settings.hexmap, settings.postcodes)


def build_warnings(
    config: MkDocsConfig, settings: CouncilRatingsConfig, content_warnings: list[Problem]
) -> list[Problem]:
    """The content's warnings, and a new site's lines of site.yml left unfilled (the example
    site exempt). Under --strict they fail the build now, before anything is written
    (MkDocs counts warnings only at the very end)."""
    path = config.config_file_path
    warnings = (unfilled_lines(Path(path), settings.example_data) if path else []) + content_warnings
    if config.strict and warnings:
        raise PluginError(
            f"content has {counted(len(warnings), 'warning')}, which fail a --strict build:\n"
            + "\n".join(summarised(warnings))
        )
    return warnings
