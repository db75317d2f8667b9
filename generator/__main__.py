"""Command line: python -m generator new, check, import or schema."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from functools import partial
from importlib.metadata import version
from pathlib import Path

from .framework import DEFAULT_FRAMEWORK
from .framework_file import read_frameworks, site_frameworks
from .importer import ImportOptions, import_table
from .loader import COUNCIL_SUFFIXES, council_files, load_content, load_files
from .new_site import NewSiteError, new_site, unfilled_lines
from .problems import ContentError, summarised
from .register import load_register
from .schema import framework_json_schema, json_schema
from .words import counted

DEFAULT_CONTENT = Path("content")
SHOWN_CHANGES = 12  # an import's report lists this many changes, then counts the rest
FRAMEWORK_HELP = (
    "the site's framework, as its site.yml names it: a bundled one, or the content's frameworks/<id>.yml "
    f"(default: {DEFAULT_FRAMEWORK})"
)


class FolderError(Exception):
    """The folder given is not one the command can use; the message says why."""


def content_folders(target: Path) -> tuple[Path, Path]:
    """(content folder, councils folder) for what a person points at: the content folder
    (`content`) or its councils folder (`content/councils`)."""
    if not target.is_dir():
        raise FolderError(f"{target}: folder not found" if not target.exists() else f"{target}: not a folder")
    if (target / "councils").is_dir():
        return target, target / "councils"
    if target.name == "councils" or council_files(target):
        return target.parent, target
    raise FolderError(
        f"{target}: no council files here, and no councils/ folder: give the content folder "
        "(the one holding councils/), or the councils folder itself"
    )


def print_problems(problems: list, verbose: bool) -> None:
    for line in summarised(problems, verbose):
        print(line, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    files = [p for p in args.targets if p.is_file()]
    try:
        folders = [content_folders(p) for p in args.targets if not p.is_file()]
        wrong = next((p for p in files if p.suffix not in COUNCIL_SUFFIXES), None)
        if wrong is not None:
            raise FolderError(f"{wrong}: not a council file (.yml)")
    except FolderError as exc:
        print(exc, file=sys.stderr)
        return 1
    checked, problems = 0, []
    loads = []
    for content, councils in folders:
        framework, found = read_frameworks(args.framework, content / "frameworks")
        problems += found
        problems += unfilled_lines(content.parent / "site.yml")  # beside the content, as `new` makes it
        if framework is not None:
            loads.append(partial(load_content, councils, content / "hexmap.hexjson", framework))
    if files:
        framework, found = read_frameworks(args.framework, files[0].resolve().parent.parent / "frameworks")
        problems += found
        if framework is not None:  # single files: no hex map to check
            loads.append(partial(lambda fw: (load_files(files, fw), None), framework))
    for load in loads:
        try:
            found, _ = load()
        except ContentError as exc:
            problems += exc.problems
        else:
            checked += len(found.councils)
            problems += found.warnings
    print_problems(sorted(problems), args.verbose)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"{counted(errors, 'error')}, {counted(warnings, 'warning')}", file=sys.stderr)
        return 1
    print(f"{counted(checked, 'council')} checked: no errors, {counted(warnings, 'warning')}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    target: Path = args.content
    try:
        if args.create and (not target.exists() or (target.is_dir() and not any(target.iterdir()))):
            (target / "councils").mkdir(parents=True, exist_ok=True)
        content, councils_dir = content_folders(target)
    except FolderError as exc:
        hint = " (add --create to make a new content folder there)" if not target.exists() else ""
        print(f"{exc}{hint}", file=sys.stderr)
        return 1
    options = ImportOptions(
        sheet=args.sheet,
        ignore_columns=args.ignore_columns,
        new_assessment=args.new_assessment,
        replace_date=args.replace_date,
    )
    try:
        framework = site_frameworks(args.framework, content / "frameworks")
        result = import_table(args.spreadsheet, councils_dir, framework, register=load_register(), options=options)
    except ContentError as exc:
        print_problems(exc.problems, args.verbose)
        print("Nothing was written.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{args.spreadsheet}: {exc.strerror}", file=sys.stderr)
        return 1
    shown = result.changes if args.verbose else result.changes[:SHOWN_CHANGES]
    for line in shown:
        print(line)
    if len(shown) < len(result.changes):
        print(f"… and {counted(len(result.changes) - len(shown), 'more change')} (--verbose lists every one)")
    print_problems(result.warnings, args.verbose)
    if not result.written:
        print(f"No changes: the content already matches {args.spreadsheet}.")
    else:
        created = sum(": created " in line for line in result.changes)
        added = sum(": added the assessment published " in line for line in result.changes)
        print(
            f"{counted(len(result.written), 'file')} written in {councils_dir}: "
            f"{counted(created, 'council')} created, {counted(added, 'assessment')} added."
        )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    register = load_register()
    try:
        made = new_site(args.folder, register, force=args.force)
    except NewSiteError as exc:
        print(exc, file=sys.stderr)
        return 1
    councils = sum(1 for p in made.written if p.parent.name == "councils")
    print(f"{args.folder}: {counted(len(made.written), 'file')} written, {councils} of them council files.")
    if made.kept:
        print(f"{counted(len(made.kept), 'file')} already there kept as they were.")
    print(
        f"Next: fill in the lines marked 'yours' in {args.folder / 'site.yml'}, import your results with\n"
        f"  python -m generator import results.csv {args.folder / 'content'}\n"
        f"and build with\n  mkdocs build -f {args.folder / 'site.yml'}"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    schema = framework_json_schema() if args.frameworks else json_schema(site_frameworks(args.framework, args.content))
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Make a site of English councils' adult social care assessments, check its content, "
        "and fill it from a spreadsheet of results. Each command has its own --help.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('council-care-ratings')}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")

    new = sub.add_parser(
        "new",
        help="make a new site: settings, pages and a file for each of the 153 councils",
        description="Make a new site in a folder: its settings (site.yml, with the lines that are yours to fill "
        "in marked), its pages, the hex map and a council file for each of the 153 councils in the register, "
        "none assessed yet. A file already there is never overwritten.",
    )
    new.add_argument("folder", type=Path, help="the new site's folder (empty, or made for you)")
    new.add_argument("--force", action="store_true", help="add to a folder that is not empty, keeping its files")
    new.set_defaults(run=cmd_new)

    check = sub.add_parser(
        "check",
        help="check content and print every problem with its place",
        description="Check council files as the build does, and print every problem with its file, line, "
        "column and field. Exits with 1 if there is an error.",
    )
    check.add_argument(
        "targets",
        nargs="*",
        type=Path,
        default=[DEFAULT_CONTENT],
        help="the content folder, its councils folder, or council files (default: ./content)",
    )
    check.add_argument("--verbose", action="store_true", help="list every repeated warning, not a count")
    check.add_argument("--framework", default=DEFAULT_FRAMEWORK, help=FRAMEWORK_HELP)
    check.set_defaults(run=cmd_check)

    imp = sub.add_parser(
        "import",
        help="create or update council files from a spreadsheet (.csv or .xlsx)",
        description="Create or update council files from a spreadsheet. A blank cell leaves a value as it is; "
        "a cell of '-' clears it. Nothing is written if any row is wrong.",
    )
    imp.add_argument("spreadsheet", type=Path, help="a .csv file (comma, semicolon or tab) or an .xlsx workbook")
    imp.add_argument(
        "content",
        nargs="?",
        type=Path,
        default=DEFAULT_CONTENT,
        help="the content folder or its councils folder (default: ./content)",
    )
    imp.add_argument("--sheet", help="the workbook's sheet to read (default: the first)")
    imp.add_argument("--ignore-columns", action="store_true", help="skip columns the import does not know")
    imp.add_argument(
        "--new-assessment", action="store_true", help="a date near an existing assessment's adds another assessment"
    )
    imp.add_argument(
        "--replace-date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="move the assessment published on this date to the row's date",
    )
    imp.add_argument("--create", action="store_true", help="make the content folder if it does not exist (or is empty)")
    imp.add_argument("--verbose", action="store_true", help="list every change and every repeated warning")
    imp.add_argument("--framework", default=DEFAULT_FRAMEWORK, help=FRAMEWORK_HELP)
    imp.set_defaults(run=cmd_import)

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema for council files (--frameworks: framework files)",
        description="Print the JSON Schema of council files, for editors that check YAML as it is typed; "
        "with --frameworks, the schema of framework files.",
    )
    schema.add_argument("--frameworks", action="store_true", help="the schema of framework files instead")
    schema.add_argument("--framework", default=DEFAULT_FRAMEWORK, help=FRAMEWORK_HELP)
    schema.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_CONTENT / "frameworks",
        help="where a publisher's frameworks are (default: ./content/frameworks)",
    )
    schema.set_defaults(run=cmd_schema)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
