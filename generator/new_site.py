"""`python -m generator new DIR`: a publisher's own site, ready to build.

It writes the MkDocs configuration (`site.yml`, with the publisher's lines marked), the
ordinary pages, a council file for every council in the register (none assessed yet) and
the register's hex map. A file that is already there is kept as it is, so nothing a
publisher wrote is lost; a folder with anything in it is refused unless `force` is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from .loader import council_files
from .problems import Problem, display_path
from .register import REGISTERS_DIR, Register, RegisteredCouncil

STARTER = Path(str(resources.files("generator") / "starter"))
# The starter's "yours" lines that cannot be left as they are: unfilled, every page's
# footer names "the publisher of this site" and embed codes point at example.org.
PLACEHOLDERS = {
    "site_url": ("https://example.org/", "where the site will live: embed codes, citations and previews point there"),
    "publisher": ("the publisher of this site", "your name, as every page's footer and the open data give it"),
}


class NewSiteError(Exception):
    """The folder cannot take a new site; the message says why and what to do."""


@dataclass
class NewSite:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there: left as they were


def council_file(council: RegisteredCouncil, register: Register) -> str:
    return (
        f"# {council.short_name}: from the generator's register of councils ({register.id}).\n"
        "# Add its assessments under `assessments:` (see the content schema), or import them\n"
        "# from a spreadsheet with `python -m generator import results.csv content`.\n"
        f"name: {council.name}\n"
        f"gss_code: {council.gss_code}\n"
        f"type: {council.type}\n"
        f"region: {council.region}\n"
        "assessments: []\n"
    )


def new_site(folder: Path, register: Register, force: bool = False) -> NewSite:
    if folder.exists() and not folder.is_dir():
        raise NewSiteError(f"{folder}: not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise NewSiteError(
            f"{folder}: the folder is not empty; choose a new folder, or add --force to add what is "
            "missing (files already there are kept as they are)"
        )
    files: dict[Path, bytes] = {
        Path("site.yml"): (STARTER / "site.yml").read_bytes(),
        Path("content/hexmap.hexjson"): (REGISTERS_DIR / f"{register.id}.hexjson").read_bytes(),
    }
    for page in sorted((STARTER / "content").glob("*.md")):
        files[Path("content") / page.name] = page.read_bytes()
    made = NewSite()
    present = codes_in(folder / "content" / "councils")
    for council in register.councils:
        if council.gss_code in present:  # already there, perhaps under a name of the publisher's choosing
            made.kept.append(present[council.gss_code])
            continue
        files[Path("content/councils") / f"{council.slug}.yml"] = council_file(council, register).encode("utf-8")

    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "xb") as f:  # "x": never over a file that is there
                f.write(data)
        except FileExistsError:
            made.kept.append(path)
            continue
        made.written.append(path)
    return made


def codes_in(councils_dir: Path) -> dict[str, Path]:
    """The council files already in a folder, by GSS code (files that cannot be read are
    left to `check`)."""
    codes = {}
    for path in council_files(councils_dir):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and isinstance(data.get("gss_code"), str):
            codes[data["gss_code"]] = path
    return codes


def unfilled_lines(config_path: Path, example_data: bool | None = None) -> list[Problem]:
    """A warning for each of the new site's "yours" lines in site.yml still as `new` wrote it.
    An example site (`example_data: true`; None: as the file says) is exempt."""
    try:
        text = config_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # MkDocs, or check's own reading, says what is wrong with it
    if example_data is None:
        example_data = re.search(r"^\s*example_data:\s*true\s*(#.*)?$", text, re.MULTILINE) is not None
    if example_data:
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^(\s*)(site_url|publisher):\s*(.*?)\s*(#.*)?$", line)
        if match and match.group(3).strip("'\"") == PLACEHOLDERS[match.group(2)][0]:
            placeholder, what = PLACEHOLDERS[match.group(2)]
            message = f"still the new site's '{placeholder}': fill in {what}"
            problems.append(
                Problem(display_path(config_path), number, len(match.group(1)) + 1, match.group(2), message, "warning")
            )
    return problems
