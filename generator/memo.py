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

    def __init__(self) -> None:
        self._kept: dict[int, tuple[model.Council, T]] = {}  # by id(council), with the council itself
        self._depends_on: tuple[object, ...] = ()

    def get(self, council: model.Council, work_out: Callable[[], T]) -> T:
        kept = self._kept.get(id(council))
        if kept is not None and kept[0] is council:  # the object kept alive here: its id is its own
            return kept[1]
        value = work_out()
        if PerCouncil.keep_new:
            self._kept[id(council)] = (council, value)
        return value

    def depend_on(self, *settings: object) -> None:
        """Forget everything when what the values also depend on (framework, site) changes."""
        if settings != self._depends_on:
            self._kept, self._depends_on = {}, settings

    def keep_only(self, councils: Iterable[model.Council]) -> None:
        """Forget councils no longer in use (changed, renamed or removed)."""
        in_use = {id(c) for c in councils}
        if not in_use.issuperset(self._kept):  # else left as it is: in a forked worker, a new dict would be a copy
            self._kept = {i: kept for i, kept in self._kept.items() if i in in_use}
