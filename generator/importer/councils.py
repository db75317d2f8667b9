"""Finding each row's council: by GSS code, else by an earlier code, else by name (as
spreadsheets write names: "Durham", "Durham County Council", "St. Helens"), against the
councils in the content folder and the register of councils."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import model
from ..problems import Problem
from ..register import Register, name_key, name_keys, slugify
from .table import Row


@dataclass(frozen=True)
class Known:
    """A council a row may mean: in the content folder (with its file), or only in the register."""

    gss_code: str
    name: str
    type: str
    region: str
    slug: str
    path: Path | None


class CouncilIndex:
    """The councils a row can name, by code and by the forms of their names."""

    def __init__(self, councils: list[model.Council], register: Register | None, files: dict[str, Path] | None = None):
        """`files`: each council's file by its slug, as the content folder lists it (a council's
        `source` is the file as problems name it, which may be another form of the same path)."""
        files = files or {}
        self.by_code: dict[str, Known] = {}
        self.names: dict[str, set[str]] = {}  # name form -> codes
        self.full_names: dict[str, set[str]] = {}  # whole names only -> codes
        self.register = register
        self._forms: dict[str, set[str]] | None = None  # each council's name forms, by code, once asked for
        for c in councils:
            self._add(
                Known(c.gss_code, c.name, c.type, c.region, c.slug, files.get(c.slug, Path(c.source))), [c.name, c.slug]
            )
        for r in register.councils if register else ():
            if r.gss_code not in self.by_code:
                self._add(Known(r.gss_code, r.name, r.type, r.region, r.slug, None), [])
            self._add_names(r.gss_code, [r.name, r.ons_name, r.short_name])

    def _add(self, known: Known, names: list[str]) -> None:
        self.by_code[known.gss_code] = known
        self._add_names(known.gss_code, names)

    def _add_names(self, code: str, names: list[str]) -> None:
        for name in names:  # a slug's hyphens count as spaces, as all punctuation does
            self.full_names.setdefault(name_key(name), set()).add(code)
            for key in name_keys(name):
                self.names.setdefault(key, set()).add(code)

    def by_old_code(self, code: str) -> Known | None:
        current = self.register.by_code(code) if self.register else None
        return self.by_code.get(current.gss_code) if current else None

    def nearest(self, name: str, n: int = 3) -> list[str]:
        """The names of the councils nearest a name that matches none, nearest first: by the
        fewest letters to change in any form of it (full or short name, with or without
        "Council" and the like), so a one-letter slip puts the right council first."""
        wanted = name_keys(name) | {name_key(name)}
        limit = max(2, min(len(w) for w in wanted) // 2)  # further than this is no suggestion
        if self._forms is None:
            self._forms = {}
            for index in (self.full_names, self.names):
                for form, codes in index.items():
                    for code in codes:
                        self._forms.setdefault(code, set()).add(form)
        ranked = sorted(
            (min(edit_distance(w, form, limit) for w in wanted for form in forms), self.by_code[code].name)
            for code, forms in self._forms.items()
        )
        return [name for distance, name in ranked[:n] if distance <= limit]

    def by_name(self, name: str) -> tuple[Known | None, str]:
        """The council a name means, or None and why not."""
        whole = self.full_names.get(name_key(name), set())
        if len(whole) == 1:
            return self.by_code[next(iter(whole))], ""
        codes = set().union(*(self.names.get(k, set()) for k in name_keys(name)))
        if len(codes) == 1:
            return self.by_code[next(iter(codes))], ""
        if codes:
            names = " or ".join(sorted(f"{self.by_code[c].name} ({c})" for c in codes))
            return None, f"'{name}' could be {names}: give its GSS code"
        close = self.nearest(name)
        hint = f"; the nearest: {', '.join(close)}" if close else ""
        return None, f"no council is called '{name}' in the content or the register of councils{hint}"


def council_of(row: Row, index: CouncilIndex, shown: str) -> tuple[Known | None, Problem | None]:
    v = row.values
    code, name = v.get("gss_code"), v.get("name")
    if code:
        known = index.by_code.get(code) or index.by_old_code(code)
        if known:
            return known, None
        missing = [c for c in ("name", "type", "region") if c not in v]
        if missing:
            message = f"{code} is not in the content or the register of councils: a new council needs " + ", ".join(
                missing
            )
            return None, Problem(shown, row.line, row.columns["gss_code"], "gss_code", message)
        return Known(code, name, v["type"], v["region"], v.get("slug") or slugify(name), None), None
    known, why = index.by_name(name)
    if known is None:
        return None, Problem(shown, row.line, row.columns["name"], "name", why)
    return known, None


def edit_distance(a: str, b: str, limit: int) -> int:
    """The fewest letters to insert, delete or change to make one text the other
    (Levenshtein), or `limit + 1` as soon as it is sure to be more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
