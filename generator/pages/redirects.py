"""An old address: a council's GSS code, a previous slug, or an assessment under one,
each sent on to where the council is now."""

from __future__ import annotations

from dataclasses import dataclass

from .views import SiteInfo


@dataclass(frozen=True)
class RedirectPage:
    """The context of an old address: a council's GSS code, a previous slug, or an assessment under one."""

    title: str  # what the reader is being sent to, e.g. "Northvale Council"
    target: str  # site-relative address it redirects to
    target_url: str  # the same, absolute: the canonical link
    reason: str  # one sentence, e.g. "This council's address changed from /councils/old-name/."
    moved_from: str  # the old address itself, site-relative: it makes each redirect's title its own


def redirect_page(title: str, target: str, site: SiteInfo, reason: str, moved_from: str) -> RedirectPage:
    return RedirectPage(title=title, target=target, target_url=site.url + target, reason=reason, moved_from=moved_from)
