"""Every generated page passes the Nu Html Checker with zero errors."""

import json
import shutil
import subprocess

import pytest

from .conftest import ROOT, gate_missing

pytestmark = pytest.mark.vnu

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_check(*folders) -> tuple[int, list[str]]:
    """The checker's return code and its error messages for every page in the folders."""
    java = shutil.which("java")
    if not java:
        gate_missing("Java (for the Nu Html Checker)")
    if not VNU_JAR.exists():
        gate_missing("the Nu Html Checker (npm install puts it in node_modules/vnu-jar)")
    pages = sorted(str(p) for folder in folders for p in folder.rglob("*.html"))
    assert pages
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # The checker writes its JSON report even when it finds nothing: no report means it did not run.
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    return result.returncode, errors


def test_every_page_is_valid_html(example_site, fixture_site):
    assert vnu_check(example_site, fixture_site) == (0, [])


def test_the_checker_does_catch_errors(tmp_path):
    # Guards the gate itself: a broken page must be reported, and fail the checker's return code.
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p>x</span>")
    code, errors = vnu_check(tmp_path)
    assert code == 1
    assert len(errors) == 1 and errors[0].endswith("bad.html:1: Stray end tag “span”."), errors
