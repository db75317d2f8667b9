"""`make serve` keeps what it read and rendered from one rebuild to the next. Whatever it
reuses, the site it serves after an edit must be the site a clean build would make."""

import json
import re
import subprocess
import sys

from .conftest import EXAMPLE_FRAMEWORKS, ROOT, build_site, copy_site_sources
from .test_build import files_of

# Runs in its own process: MkDocs keeps plugin objects for the life of the process, as
# `mkdocs serve --dirty` does, which is what this drives.
SERVE = """
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site_yml, site_dir, edits = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
config = load_config(config_file=site_yml, site_dir=site_dir)
config.plugins.on_startup(command="serve", dirty=True)
rendered = []
for step in [None] + edits:
    if step is not None:
        path, text = Path(step[0]), step[1]
        path.unlink() if text is None else path.write_text(text)
        config = load_config(config_file=site_yml, site_dir=site_dir)
    build(config, dirty=True)
    plugin = config.plugins["council-ratings"]
    plugin.on_shutdown()  # the search index, built in the background
    rendered.append(plugin.councils_rendered)
print(json.dumps(rendered))
"""


def test_serve_rebuilds_only_what_changed_and_serves_what_a_clean_build_makes(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    site_yml = copy_site_sources(src, ROOT / "content" / "councils")
    councils = src / "content" / "councils"
    northvale, eastmarsh = (councils / "northvale.yml").read_text(), (councils / "eastmarsh.yml").read_text()
    reworded = re.sub(r"(summary: \|\n)( +)", r"\1\2Reworded while the site was served.\n\2", northvale, count=1)
    assert reworded != northvale
    # One point less keeps its declared rating (requires improvement) and moves it in every comparison.
    rescored = re.sub(r"score: ([234])", lambda m: f"score: {int(m.group(1)) - 1}", eastmarsh, count=1)
    edits = [
        [str(councils / "northvale.yml"), reworded],
        [str(councils / "eastmarsh.yml"), rescored],
        [str(councils / "greyhaven.yml"), None],  # a council removed
    ]
    served = tmp_path / "served"
    run = subprocess.run(
        [sys.executable, "-c", SERVE, str(site_yml), str(served), json.dumps(edits)],
        capture_output=True,
        text=True,
        cwd=src,
    )
    assert run.returncode == 0, run.stderr
    rendered = json.loads(run.stdout.strip().splitlines()[-1])
    assert rendered[0] == len(list((ROOT / "content" / "councils").glob("*.yml")))  # the first build: all
    assert rendered[1] == 1  # reworded findings: that council alone

    clean = tmp_path / "clean"
    result = build_site(site_yml, clean)
    assert result.returncode == 0, result.stderr
    served_files, clean_files = files_of(served), files_of(clean)  # the search index included
    assert "Reworded while the site was served." in served_files["councils/northvale/index.html"].decode()
    assert not any(k.startswith("councils/greyhaven/") for k in served_files), "a removed council's files stay"
    assert sorted(served_files) == sorted(clean_files)
    different = [k for k in clean_files if served_files[k] != clean_files[k]]
    assert different == []


def test_what_is_kept_per_council_is_forgotten_when_the_council_is_replaced():
    from generator.loader import load_councils
    from generator.memo import PerCouncil

    councils = load_councils(ROOT / "content" / "councils", EXAMPLE_FRAMEWORKS).councils
    worked_out: list[str] = []
    kept: PerCouncil[str] = PerCouncil()

    def value_of(council):
        return kept.get(council, lambda: worked_out.append(council.slug) or council.name)

    assert [value_of(c) for c in councils] == [c.name for c in councils]
    assert [value_of(c) for c in councils] == [c.name for c in councils]
    assert worked_out == [c.slug for c in councils]  # each worked out once
    kept.keep_only(councils[1:])  # the first was replaced, as after an edit under `make serve`
    worked_out.clear()
    assert [value_of(c) for c in councils] == [c.name for c in councils]
    assert worked_out == [councils[0].slug]
