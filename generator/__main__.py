"""Command line: `python -m generator new|check|import|schema`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .framework import load_framework
from .importer import import_csv
from .hexmap import councils_without_hex, read_hexjson
from .loader import load_councils
from .new_site import NewSiteError, new_site
from .register import load_register
from .problems import ContentError
from .schema import json_schema

DEFAULT_CONTENT = Path("content")


def councils_dir(content: Path) -> Path:
    return content / "councils"


def cmd_check(args: argparse.Namespace) -> int:
    hexjson = args.content / "hexmap.hexjson"
    try:
        content = load_councils(councils_dir(args.content), load_framework())
        if hexjson.is_file():
            content.warnings += councils_without_hex(read_hexjson(hexjson), content.councils)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = len(exc.errors)
        warnings = len(exc.problems) - errors
        print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", file=sys.stderr)
        return 1
    for problem in content.warnings:
        print(problem, file=sys.stderr)
    print(f"{len(content.councils)} councils checked: no errors, {len(content.warnings)} warnings")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        result = import_csv(args.csv, councils_dir(args.content), load_framework())
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{args.csv}: {exc.strerror}", file=sys.stderr)
        return 1
    for line in result.changes:
        print(line)
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    if not result.written:
        print(f"No changes: the content already matches {args.csv}.")
    else:
        print(f"{len(result.written)} file{'s' * (len(result.written) != 1)} written.")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    register = load_register()
    try:
        made = new_site(args.folder, register, force=args.force)
    except NewSiteError as exc:
        print(exc, file=sys.stderr)
        return 1
    councils = sum(1 for p in made.written if p.parent.name == "councils")
    print(f"{args.folder}: {len(made.written)} files written, {councils} of them council files.")
    if made.kept:
        print(f"{len(made.kept)} files already there were kept as they were.")
    print(
        f"Next: fill in the lines marked 'yours' in {args.folder / 'site.yml'}, import your results with\n"
        f"  python -m generator import results.csv {args.folder / 'content'}\n"
        f"and build with\n  mkdocs build -f {args.folder / 'site.yml'}"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(load_framework()), indent=2, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    new = sub.add_parser("new", help="make a new site: settings, pages and a file for each of the 153 councils")
    new.add_argument("folder", type=Path, help="the new site's folder (empty, or made for you)")
    new.add_argument("--force", action="store_true", help="add to a folder that is not empty, keeping its files")
    new.set_defaults(run=cmd_new)

    check = sub.add_parser("check", help="check every content file and print every problem")
    check.add_argument("content", nargs="?", type=Path, default=DEFAULT_CONTENT, help="content folder")
    check.set_defaults(run=cmd_check)

    imp = sub.add_parser("import", help="create or update council files from a CSV of results")
    imp.add_argument("csv", type=Path)
    imp.add_argument("content", nargs="?", type=Path, default=DEFAULT_CONTENT, help="content folder")
    imp.set_defaults(run=cmd_import)

    schema = sub.add_parser("schema", help="print the JSON Schema for council files")
    schema.set_defaults(run=cmd_schema)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
