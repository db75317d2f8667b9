"""Framework files, checked like council files: every problem with its file, line,
column and field (the schema is `schema.FRAMEWORK_FIELDS`, documented in
docs/framework-schema.md).

The bundled framework lives in `generator/frameworks/`; a publisher's own goes in
`content/frameworks/<id>.yml` and is chosen with the plugin's `framework:` setting.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from .framework import DEFAULT_FRAMEWORK, FRAMEWORKS_DIR, Framework, Frameworks, load_framework, parse_framework
from .problems import ContentError, Problem, display_path
from .reader import FileReader, compose_file, read_record
from .schema import FRAMEWORK_FIELDS, SLUG_PATTERN


def _node_at(root: yaml.Node, *path: str | int) -> yaml.Node | None:
    """The node at a path of keys and list positions, for a problem's position."""
    node: yaml.Node | None = root
    for step in path:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode) and step < len(node.value):
            node = node.value[step]
        elif isinstance(step, str) and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        else:
            return None
    return node


def _check(reader: FileReader, root: yaml.Node, data: dict, stem: str) -> None:
    """What the schema cannot say: ids well formed and unique, the file named after its
    id, the scale from 1 up, bands rising within 0 to 100, every score described."""

    def note(message: str, *path: str | int) -> None:
        where = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))
        reader.note(_node_at(root, *path), where or "(file)", message)

    if "id" in data and data["id"] != stem:
        note(f"the framework's id '{data['id']}' must be its file's name, {stem}.yml", "id")
    lists = {
        "themes": data.get("themes", []),
        "ratings": data.get("ratings", []),
        "evidence_categories": data.get("evidence_categories", []),
        "regions": data.get("regions", []),
        "council_types": data.get("council_types", []),
    }
    statements = [
        (("themes", t, "statements", i), s)
        for t, theme in enumerate(lists["themes"])
        for i, s in enumerate(theme.get("statements", []))
    ]
    groups = {name: [((name, i), item) for i, item in enumerate(items)] for name, items in lists.items()}
    groups["statements"] = statements
    for name, items in groups.items():
        first: dict[str, tuple[str | int, ...]] = {}
        for path, item in items:
            ident = item.get("id")
            if ident is None:
                continue
            if not re.match(SLUG_PATTERN, ident):
                note(f"'{ident}' is not an id: use lower-case letters, digits and hyphens", *path, "id")
            elif ident in first:
                line = (_node_at(root, *first[ident], "id") or root).start_mark.line + 1
                among = name.replace("_", " ")
                note(f"id '{ident}' is used twice among the {among} (first on line {line})", *path, "id")
            else:
                first[ident] = path
    scale = data.get("scale", {})
    scores = sorted(scale)
    if scores and scores != list(range(1, len(scores) + 1)):
        scale_node = _node_at(root, "scale")
        keys = scale_node.value if isinstance(scale_node, yaml.MappingNode) else []
        wrong = next(
            (
                k
                for k, _ in sorted(keys, key=lambda kv: str(kv[0].value))
                if str(k.value) not in {str(n) for n in range(1, len(scores) + 1)}
            ),
            None,
        )
        message = f"the scale must run 1, 2, 3… without gaps; it has {', '.join(map(str, scores))}"
        reader.note(wrong or scale_node, f"scale.{wrong.value}" if wrong else "scale", message)
        return  # the statements' descriptions are measured against the scale: not until it is right
    last = -1
    declared = data.get("rule") == "declared"
    for i, band in enumerate(lists["ratings"]):
        low = band.get("min_percent")
        if declared and low is not None:
            note("the rule is 'declared', so ratings have no bands: leave min_percent out", "ratings", i, "min_percent")
            continue
        if low is None:
            if not declared and "id" in band:
                note(
                    "min_percent is required: the rule is 'bands' (give rule: declared if there are none)", "ratings", i
                )
            continue
        if not 0 <= low <= 100:
            note(f"min_percent must be from 0 to 100, found {low}", "ratings", i, "min_percent")
        elif low <= last:
            note(f"bands run lowest first: {low} is not above the band before it ({last})", "ratings", i, "min_percent")
        last = max(last, low)
    for path, statement in statements:
        described = statement.get("characteristics")
        if described and sorted(described) != scores:
            note(
                f"characteristics must describe every score of the scale ({', '.join(map(str, scores))}), or none",
                *path,
                "characteristics",
            )


_already_read: dict[tuple[bytes, str, date], tuple[Framework | None, list[Problem]]] = {}


def read_framework_file(raw: bytes, path: str, today: date | None = None) -> tuple[Framework | None, list[Problem]]:
    """A framework file's Framework (None if it has errors) and every problem in it. The same
    bytes give the very same object: what is worked out per framework (memo.py) stays kept
    from one `make serve` rebuild to the next."""
    key = (raw, path, today or date.today())
    if key not in _already_read:
        if len(_already_read) >= 16:  # a publisher has a framework file or two: old versions go
            del _already_read[next(iter(_already_read))]
        _already_read[key] = _read_framework_file(raw, path, key[2])
    return _already_read[key]


def _read_framework_file(raw: bytes, path: str, today: date) -> tuple[Framework | None, list[Problem]]:
    reader = FileReader(path, load_framework(DEFAULT_FRAMEWORK), today)
    root = compose_file(reader, raw)
    data = read_record(reader, root, "", FRAMEWORK_FIELDS) if root is not None else None
    if root is not None and data is not None:
        _check(reader, root, data, Path(path).stem)
    if data is None or any(p.is_error for p in reader.problems):
        return None, reader.problems
    bundled = load_framework(DEFAULT_FRAMEWORK)
    data.setdefault("regions", [{"id": r.id, "name": r.name} for r in bundled.regions])
    data.setdefault(
        "council_types", [{"id": t.id, "name": t.name, "gss_prefix": t.gss_prefix} for t in bundled.council_types]
    )
    return parse_framework(data), reader.problems


def read_frameworks(
    framework_id: str, frameworks_dir: Path, today: date | None = None
) -> tuple[Frameworks | None, list[Problem]]:
    """Every framework the site's assessments may be under: the bundled ones and the
    publisher's own in `frameworks_dir` (which win over a bundled one of the same id), with
    `framework_id` the site's; and every problem in every publisher's file, each read once.
    None if any of them is an error, or there is no framework of that id."""
    found: dict[str, Framework] = {p.stem: load_framework(p.stem) for p in sorted(FRAMEWORKS_DIR.glob("*.yml"))}
    problems: list[Problem] = []
    for path in sorted(frameworks_dir.glob("*.yml")) if frameworks_dir.is_dir() else ():
        framework, notes = read_framework_file(path.read_bytes(), display_path(path), today)
        problems += notes
        if framework is not None:
            found[path.stem] = framework  # its id is its file's name, or it has an error
    if framework_id not in found and not (frameworks_dir / f"{framework_id}.yml").is_file():
        bundled = ", ".join(sorted(p.stem for p in FRAMEWORKS_DIR.glob("*.yml")))
        own = display_path(frameworks_dir / f"{framework_id}.yml")
        message = f"no framework '{framework_id}': neither this file nor a bundled one ({bundled})"
        problems.append(Problem(own, 1, 1, "(file)", message))
    if any(p.is_error for p in problems):
        return None, problems
    site = found.pop(framework_id)
    return Frameworks(site, tuple(found.values())), problems


def site_frameworks(framework_id: str, frameworks_dir: Path, today: date | None = None) -> Frameworks:
    """`read_frameworks`, for a build: raises ContentError with every error in every file."""
    frameworks, problems = read_frameworks(framework_id, frameworks_dir, today)
    if frameworks is None:
        raise ContentError([p for p in problems if p.is_error])
    return frameworks
