"""Read and check council files, collecting every problem with its position.

Each file's fields are read by the schema in `schema.py`, through the file reader in
`reader.py`; checks that span fields (dates, ratings, duplicates) follow, then the
checks across files (slugs, GSS codes). Large folders are read across every core.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from . import model
from .framework import Framework, Frameworks
from .hexmap import HexMap, councils_without_hex, read_hexjson
from .markdown import plain_text
from .parallel import read_in_workers
from .problems import ContentError, Problem, display_path
from .reader import MISSING, FileReader, compose_file, read_record
from .schema import (
    ASSESSMENT_FIELDS,
    CONTEXT_FIELDS,
    COUNCIL_FIELDS,
    EASY_READ_FIELDS,
    EVIDENCE_FIELDS,
    GSS_PATTERN,
    SLUG_PATTERN,
    STATEMENT_FIELDS,
    Field,
)
from .words import EASY_READ_MOST_WORDS, sentences

COUNCIL_SUFFIXES = (".yml", ".yaml")
# A council file's free text that the CSV downloads carry (the rest are ids, dates, numbers
# and web addresses, which cannot begin so), and the characters a spreadsheet starts a
# formula with ("CSV injection"): the downloads keep values exact, so check warns instead.
CSV_TEXT_FIELDS = ("name",)
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass
class Content:
    """Everything under a content folder that passed the checks."""

    councils: list[model.Council]  # sorted by name
    warnings: list[Problem] = field(default_factory=list)


def _local_context(values: dict) -> model.LocalContext:
    deprivation, finance = values.pop("deprivation", None), values.pop("finance", None)
    return model.LocalContext(
        **values,
        deprivation=model.Deprivation(**deprivation) if deprivation else None,
        finance=model.Finance(**finance) if finance else None,
    )


def _evidence(values: dict) -> model.Evidence:
    heard, team, check = values.pop("heard_from", None), values.pop("team", None), values.pop("factual_accuracy", None)
    surveys = tuple(model.Survey(s["name"], s["from"], s["to"]) for s in values.pop("surveys", ()))
    return model.Evidence(
        **values,
        heard_from=model.HeardFrom(**heard) if heard else None,
        surveys=surveys,
        team=model.Team(**team) if team else None,
        factual_accuracy=model.AccuracyCheck(**check) if check else None,
    )


def _read_council(reader: FileReader, root: yaml.Node, slug: str) -> model.Council | None:
    fw = reader.framework
    got = reader.fields(root, "", COUNCIL_FIELDS)
    if got is None:
        return None
    values, nodes = got

    for name in CSV_TEXT_FIELDS:
        text = values.get(name)
        if isinstance(text, str) and text.startswith(FORMULA_STARTS):
            reader.note(
                nodes[name],
                name,
                f"begins with '{text[0]}': the CSV downloads keep it exactly, and a spreadsheet opening them may "
                "read it as a formula; if it is not meant, take the character out",
                "warning",
            )

    gss = values.get("gss_code")
    if gss is not None and not re.match(GSS_PATTERN, gss):
        reader.note(
            nodes["gss_code"],
            "gss_code",
            f"'{gss}' is not an English council GSS code (E06, E08, E09 or E10 then six digits)",
        )
        gss = None
    ctype = values.get("type")
    if gss and ctype:
        prefix = fw.council_type(ctype).gss_prefix
        if not gss.startswith(prefix):
            reader.note(
                nodes["gss_code"], "gss_code", f"code {gss} does not match type '{ctype}', whose codes begin {prefix}"
            )

    previous_slugs: list[str] = []
    slugs_node = nodes.get("previous_slugs")
    read_ok = set(values.get("previous_slugs", ()))  # items that are text at all (others are already noted)
    for i, item_node in enumerate(slugs_node.value if isinstance(slugs_node, yaml.SequenceNode) else ()):
        old = str(item_node.value).strip() if isinstance(item_node, yaml.ScalarNode) else ""
        field = f"previous_slugs[{i}]"
        if old not in read_ok:
            continue
        if not re.match(SLUG_PATTERN, old):
            reader.note(item_node, field, f"'{old}' is not a slug (lower-case letters, digits and hyphens)")
        elif old == slug:
            reader.note(item_node, field, f"'{old}' is this council's own slug")
        elif old in previous_slugs:
            reader.note(item_node, field, f"'{old}' is listed twice")
        else:
            previous_slugs.append(old)

    context = None
    if "context" in nodes and not reader.is_null(nodes["context"]):
        record = read_record(reader, nodes["context"], "context", CONTEXT_FIELDS)
        if record is not None:
            context = _local_context(record)

    assessments: list[model.Assessment] = []
    seen_dates: dict[date, int] = {}
    list_node = nodes.get("assessments")
    if list_node is not None and not reader.is_null(list_node):
        if not isinstance(list_node, yaml.SequenceNode):
            reader.note(list_node, "assessments", f"expected a list, found {reader.kind_of(list_node)}")
        else:
            for i, item in enumerate(list_node.value):
                a, published = _read_assessment(reader, item, f"assessments[{i}]")
                if published is not None and published in seen_dates:
                    reader.note(
                        item.value[[k.value for k, _ in item.value].index("published")][1],
                        f"assessments[{i}].published",
                        f"two assessments published on {published.isoformat()} "
                        f"(the other is assessments[{seen_dates[published]}])",
                    )
                    continue
                if published is not None:
                    seen_dates[published] = i
                if a is not None:
                    assessments.append(a)

    if any(p.is_error for p in reader.problems):
        return None
    assessments.sort(key=lambda a: a.published, reverse=True)

    return model.Council(
        slug=slug,
        name=values["name"],
        gss_code=values["gss_code"],
        type=values["type"],
        region=values["region"],
        website=values.get("website"),
        places=tuple(values.get("places", ())),
        previous_slugs=tuple(previous_slugs),
        context=context,
        assessments=tuple(assessments),
        source=reader.path,
        gss_code_at=(nodes["gss_code"].start_mark.line + 1, nodes["gss_code"].start_mark.column + 1),
    )


def _read_assessment(
    reader: FileReader, node: yaml.Node, fieldpath: str
) -> tuple[model.Assessment | None, date | None]:
    """The assessment (None if it has errors) and its publication date (None if unreadable).
    It is read under its own framework: its scores, statements and rating are that one's."""
    reader.framework = _framework_of(reader, node)
    try:
        return _read_assessment_under(reader, node, fieldpath)
    finally:
        reader.framework = reader.frameworks.site


def _framework_of(reader: FileReader, node: yaml.Node) -> Framework:
    """The framework an assessment names, else the one in force on its published date
    (whether either is readable is checked with its other fields)."""
    given = (
        {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        if isinstance(node, yaml.MappingNode)
        else {}
    )
    named = given.get("framework")
    published, day = given.get("published"), None
    if isinstance(published, yaml.ScalarNode):
        with contextlib.suppress(ValueError):  # the date's own problems are noted with the other fields
            day = date.fromisoformat(str(published.value).strip())
    name = None if named is None else str(named.value) if isinstance(named, yaml.ScalarNode) else ""
    return reader.frameworks.under(name, day)


def _read_assessment_under(
    reader: FileReader, node: yaml.Node, fieldpath: str
) -> tuple[model.Assessment | None, date | None]:
    fw = reader.framework
    errors_before = sum(p.is_error for p in reader.problems)
    got = reader.fields(node, fieldpath, ASSESSMENT_FIELDS)
    if got is None:
        return None, None
    values, nodes = got

    published, assessed = values.get("published"), values.get("assessed")
    if published and assessed and assessed > published:
        reader.note(
            nodes["assessed"],
            f"{fieldpath}.assessed",
            f"assessed {assessed.isoformat()} is after published {published.isoformat()}",
        )

    themes = _theme_texts(reader, nodes.get("themes"), f"{fieldpath}.themes")

    statements: dict[str, model.StatementEntry] = {}
    every_statement_read = True  # else the scores give a rating that changes once they are
    if "statements" in nodes and not reader.is_null(nodes["statements"]):
        statement_ids = [s.id for s in fw.statements]
        where = f"{fieldpath}.statements"
        found = reader.id_mapping(nodes["statements"], where, statement_ids, "quality statement")
        nodes_of: dict[str, yaml.Node] = {}
        for sid, (_k, v) in found.items():
            got_s = reader.fields(v, f"{where}.{sid}", STATEMENT_FIELDS)
            if got_s is None:
                continue
            s_values, s_nodes = got_s
            statements[sid] = model.StatementEntry(sid, s_values.get("score"), s_values.get("findings", ""))
            nodes_of[sid] = v
        # Scores alone are a score-only assessment; findings for some statements and not
        # others are more likely findings left out.
        if any(e.findings.strip() for e in statements.values()):
            for sid, entry in statements.items():
                if entry.score is not None and not entry.findings.strip():
                    reader.note(
                        nodes_of[sid], f"{where}.{sid}", "scored statement has no findings, as others have", "warning"
                    )
        every_statement_read = all(not (p.is_error and p.field.startswith(where)) for p in reader.problems)
        if every_statement_read and not any(e.score is not None for e in statements.values()):
            reader.note(
                nodes["statements"],
                where,
                f"no quality statement is scored; score at least one from {fw.min_score} to {fw.max_score}",
            )

    declared = values.get("rating")
    result = model.score((e.score for e in statements.values()), fw) if not fw.declared else None
    if fw.declared and not declared and "rating" not in nodes:
        reader.note(
            node,
            f"{fieldpath}.rating",
            f"required under {fw.id}, whose rating the regulator declares: one of "
            + ", ".join(r.id for r in fw.ratings),
        )
    if declared and result and declared != result.rating.id and every_statement_read:
        band = result.rating
        reader.note(
            nodes["rating"],
            f"{fieldpath}.rating",
            f"declared rating '{declared}' disagrees with the scores: they total {result.total} of "
            f"{result.maximum} = {result.exact_percent:.1f}%, which rounds to {result.percent}, "
            f"so the rating is '{band.id}' ({band.min_percent}–{band.max_percent})",
        )

    evidence = None
    if "evidence" in nodes and not reader.is_null(nodes["evidence"]):
        record = read_record(reader, nodes["evidence"], f"{fieldpath}.evidence", EVIDENCE_FIELDS)
        if record:  # an empty mapping says nothing
            evidence = _evidence(record)

    expected = values.get("next_expected")
    if expected is not None and published and expected < published.year:
        reader.note(
            nodes["next_expected"],
            f"{fieldpath}.next_expected",
            f"next_expected {expected} is before the year it was published, {published.year}",
        )

    easy_read = None
    if "easy_read" in nodes and not reader.is_null(nodes["easy_read"]):
        easy_read = _read_easy_read(reader, nodes["easy_read"], f"{fieldpath}.easy_read", published)

    if sum(p.is_error for p in reader.problems) > errors_before or published is None:
        return None, published
    return model.Assessment(
        framework=fw.id,
        next_expected=expected,
        published=values["published"],
        assessed=assessed,
        kind=values.get("kind", "formal"),
        report_url=values.get("report_url"),
        declared_rating=declared,
        summary=values.get("summary", ""),
        people_said=values.get("people_said", ""),
        strengths=tuple(values.get("strengths", ())),
        improvements=tuple(values.get("improvements", ())),
        theme_narratives=themes,
        statements=statements,
        evidence=evidence,
        easy_read=easy_read,
    ), published


def _theme_texts(reader: FileReader, node: yaml.Node | None, fieldpath: str) -> dict[str, str]:
    """A Markdown text per theme id of the assessment's framework."""
    texts: dict[str, str] = {}
    if node is None or reader.is_null(node):
        return texts
    theme_ids = [t.id for t in reader.framework.themes]
    for tid, (_k, v) in reader.id_mapping(node, fieldpath, theme_ids, "theme").items():
        text = reader.value(Field(tid, "markdown", False, ""), v, f"{fieldpath}.{tid}")
        if text is not MISSING:
            texts[tid] = text
    return texts


def _long_sentence(reader: FileReader, node: yaml.Node | None, fieldpath: str, text: str) -> None:
    """A warning for the first sentence of people's own Easy Read text that is too long to read easily."""
    for sentence in sentences(plain_text(text)):
        if len(sentence.split()) > EASY_READ_MOST_WORDS:
            start = " ".join(sentence.split()[:6])
            reader.note(
                node,
                fieldpath,
                f"a sentence of {len(sentence.split())} words ('{start} …'): Easy Read sentences "
                f"have {EASY_READ_MOST_WORDS} words at most",
                "warning",
            )
            return


def _read_easy_read(
    reader: FileReader, node: yaml.Node, fieldpath: str, published: date | None
) -> model.EasyRead | None:
    """People's own Easy Read text, and who checked the page: a name and a date, both or neither."""
    got = reader.fields(node, fieldpath, EASY_READ_FIELDS)
    if got is None:
        return None
    values, nodes = got
    by, on = values.get("checked_by"), values.get("checked_on")
    for given, missing in (("checked_by", "checked_on"), ("checked_on", "checked_by")):
        if given in values and missing not in nodes:
            reader.note(nodes[given], f"{fieldpath}.{missing}", f"{given} needs {missing} beside it")
    if on is not None and published is not None and on < published:
        reader.note(
            nodes["checked_on"],
            f"{fieldpath}.checked_on",
            f"checked_on {on.isoformat()} is before the assessment was published, {published.isoformat()}",
        )
    texts = [("summary", nodes.get("summary"), values.get("summary", ""))]
    themes = _theme_texts(reader, nodes.get("themes"), f"{fieldpath}.themes")
    if themes:
        by_id = {str(k.value): v for k, v in nodes["themes"].value if isinstance(k, yaml.ScalarNode)}
        texts += [(f"themes.{tid}", by_id[tid], text) for tid, text in themes.items()]
    for where, text_node, text in texts:
        _long_sentence(reader, text_node, f"{fieldpath}.{where}", text)
    return model.EasyRead(
        summary=values.get("summary", ""),
        themes=themes,
        checked_by=by or "",
        checked_on=on,
    )


def read_council(
    raw: bytes, path: str, slug: str, framework: Framework | Frameworks, today: date | None = None
) -> tuple[model.Council, list[Problem]]:
    """Read one council file. Raises ContentError (with every problem) if it has errors;
    otherwise returns the council and any warnings."""
    reader = FileReader(path, framework, today or date.today())
    if not re.match(SLUG_PATTERN, slug):
        reader.note(
            None,
            "(file)",
            f"file name '{slug}' is not a valid slug: use lower-case letters, "
            "digits and single hyphens, like 'north-vale.yml'",
        )
    node = compose_file(reader, raw)
    council = _read_council(reader, node, slug) if node is not None else None
    if council is None or any(p.is_error for p in reader.problems):
        if not any(p.is_error for p in reader.problems):  # pragma: no cover - defensive
            reader.note(None, "(file)", "the file could not be read")
        raise ContentError(reader.problems)
    return council, reader.problems


def load_files(paths: list[Path], framework: Framework | Frameworks, today: date | None = None) -> Content:
    """Check single council files (without the checks across a folder's files)."""
    day = today or date.today()
    read = _read_all([(display_path(p), p.stem, p) for p in paths], framework, day)
    problems = sorted(p for _, notes in read for p in notes)
    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return Content(_by_name([c for c, _ in read if c is not None]), problems)


def load_content(
    councils_dir: Path,
    hexjson: Path,
    framework: Framework | Frameworks,
    today: date | None = None,
    memo: ReadMemo | None = None,
) -> tuple[Content, HexMap | None]:
    """The council files and the hex map (where `hexjson` exists), as `check` and the build
    read them: every problem in both, and a warning for each council the map leaves out."""
    problems: list[Problem] = []
    content, hexmap = None, None
    try:
        content = load_councils(councils_dir, framework, today, memo=memo)
    except ContentError as exc:
        problems += exc.problems
    try:
        hexmap = read_hexjson(hexjson) if hexjson.is_file() else None
    except ContentError as exc:
        problems += exc.problems
    if problems:
        raise ContentError(problems)
    assert content is not None
    if hexmap is not None:
        content.warnings = sorted(content.warnings + councils_without_hex(hexmap, content.councils))
    return content, hexmap


def _by_name(councils: list[model.Council]) -> list[model.Council]:
    return sorted(councils, key=lambda c: (model.sort_name(c.name).lower(), c.slug))


def council_files(councils_dir: Path) -> list[Path]:
    if not councils_dir.is_dir():
        return []
    return sorted(p for p in councils_dir.iterdir() if p.suffix in COUNCIL_SUFFIXES and p.is_file())


ReadMemo = dict[tuple[str, bytes, date], tuple[model.Council, list[Problem]]]
ReadResult = tuple[model.Council | None, list[Problem]]  # no council: the problems include an error

PARALLEL_FROM = 1000  # files: below this, starting worker processes costs more than it saves
Source = bytes | Path  # a file's contents, or where to read them (in the worker that reads it)
FileToRead = tuple[str, str, Source]  # (shown path, slug, contents or path)


def _read_one(unread: tuple[list[FileToRead], Framework, date], i: int) -> ReadResult:
    files, framework, today = unread
    shown, slug, source = files[i]
    try:
        return read_council(_contents(source), shown, slug, framework, today)
    except ContentError as exc:  # the problems, not the exception: they may go back through a pipe
        return None, exc.problems


def _contents(source: Source) -> bytes:
    return source.read_bytes() if isinstance(source, Path) else source


def _read_all(files: list[FileToRead], framework: Framework | Frameworks, today: date) -> list[ReadResult]:
    """Read council files, across every core when there are many: parsing YAML is most of a
    cold build's loading time. Each worker reads its files itself, unless their contents
    are given."""
    unread = (files, framework, today)
    workers = os.cpu_count() or 1
    if workers < 2 or len(files) < PARALLEL_FROM:
        return [_read_one(unread, i) for i in range(len(files))]
    return read_in_workers(_read_one, unread, len(files), workers, chunksize=64)


def load_councils(
    councils_dir: Path,
    framework: Framework | Frameworks,
    today: date | None = None,
    overrides: dict[Path, bytes] | None = None,
    memo: ReadMemo | None = None,
) -> Content:
    """Load and check every council file in a folder, and the checks across files.

    `overrides` supplies file contents to use instead of what is on disk (the
    import checks its result this way before writing anything). `memo` keeps
    each file's result by its exact bytes, so `make serve` reads again only the
    files that changed, and gives back the same objects for the others.
    Raises ContentError with every problem in every file if any is an error.
    """
    # A file in the folder is the same file whichever form of its path the caller used.
    here = councils_dir.resolve()
    overrides = {
        councils_dir / p.name if p.parent.resolve() == here else p: raw for p, raw in (overrides or {}).items()
    }
    problems: list[Problem] = []
    councils: list[model.Council] = []
    paths = sorted(set(council_files(councils_dir)) | {p for p in overrides})
    if not councils_dir.is_dir() and not overrides:
        raise ContentError([Problem(display_path(councils_dir), 1, 1, "(folder)", "content folder not found")])
    first_of_slug: dict[str, str] = {}
    files: list[FileToRead] = []  # in order
    shown_dir = display_path(councils_dir)
    for path in paths:
        # Every file's shown path, worked out once for the folder rather than per file.
        shown = str(Path(shown_dir) / path.name) if path.parent == councils_dir else display_path(path)
        slug = path.stem
        if slug in first_of_slug:
            problems.append(
                Problem(shown, 1, 1, "(file)", f"duplicate slug '{slug}': {first_of_slug[slug]} has the same name")
            )
            continue
        first_of_slug[slug] = shown
        # Without a memo, which needs the contents here, each file is read where it is parsed:
        # the reading is spread across the workers and overlaps the parsing.
        source: Source = overrides[path] if path in overrides else path.read_bytes() if memo is not None else path
        files.append((shown, slug, source))

    day = today or date.today()
    used = {(shown, raw, day) for shown, _, raw in files}
    unread = [f for f in files if memo is None or (f[0], f[2], day) not in memo]
    read = dict(zip([(shown, raw, day) for shown, _, raw in unread], _read_all(unread, framework, day), strict=True))
    for shown, _, raw in files:
        key = (shown, raw, day)
        council, notes = read[key] if key in read else memo[key]  # type: ignore[index]
        problems.extend(notes)
        if council is None:
            continue
        if memo is not None:
            memo[key] = council, notes
        councils.append(council)

    if memo is not None:
        for stale in set(memo) - used:  # files since changed or removed
            del memo[stale]

    by_code: dict[str, model.Council] = {}
    for council in councils:
        if council.gss_code in by_code:
            other = by_code[council.gss_code]
            line, column = council.gss_code_at
            problems.append(
                Problem(
                    council.source,
                    line,
                    column,
                    "gss_code",
                    f"GSS code {council.gss_code} is also used by {other.source}",
                )
            )
        else:
            by_code[council.gss_code] = council

    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return Content(_by_name(councils), sorted(problems))
