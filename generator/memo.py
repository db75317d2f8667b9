"""Values worked out from one council, kept while that council's object is in use.

Under `make serve` the loader hands back the very same object for a council file
that has not changed (see `load_councils`' memo), so whatever is kept here by
object is still right, and a rebuild works values out again only for councils
whose files changed. A `mkdocs build` loads every council once, so nothing is
reused there and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from . import model

T = TypeVar("T")


class PerCouncil(Generic[T]):
    # False in a render worker (see site_writer): there a value serves one page and is
    # dropped, rather than held until the worker ends.
    keep_new = True
    SETTINGS_KEPT = 3  # other sets of settings kept: each framework's, and a build's before

    def __init__(self) -> None:
        self._kept: dict[int, tuple[model.Council, T]] = {}  # by id(council), with the council itself
        self._depends_on: tuple[object, ...] = ()
        # What was kept under other settings: a site with two frameworks works out each one's
        # pages in turn, and neither should wipe what the other kept.
        self._other_settings: list[tuple[tuple[object, ...], dict[int, tuple[model.Council, T]]]] = []

    def get(self, council: model.Council, work_out: Callable[[], T]) -> T:
        kept = self._kept.get(id(council))
        if kept is not None and kept[0] is council:  # the object kept alive here: its id is its own
            return kept[1]
        value = work_out()
        if PerCouncil.keep_new:
            self._kept[id(council)] = (council, value)
        return value

    def depend_on(self, *settings: object) -> None:
        """Keep values apart by what they also depend on (framework, site): a change of settings
        puts away what was kept, and takes up what was kept under the new ones, if anything."""
        if settings == self._depends_on:
            return
        earlier = next((i for i, (kept_for, _) in enumerate(self._other_settings) if kept_for == settings), None)
        self._other_settings.append((self._depends_on, self._kept))
        if earlier is not None:
            self._depends_on, self._kept = self._other_settings.pop(earlier)
        else:
            self._depends_on, self._kept = settings, {}
        del self._other_settings[: -self.SETTINGS_KEPT]

    def keep_only(self, councils: Iterable[model.Council]) -> None:
        """Forget councils no longer in use (changed, renamed or removed)."""
        in_use = {id(c) for c in councils}
        if not in_use.issuperset(self._kept):  # else left as it is: in a forked worker, a new dict would be a copy
            self._kept = {i: kept for i, kept in self._kept.items() if i in in_use}
