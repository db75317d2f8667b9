"""Every generated page passes the Nu Html Checker with zero errors."""

import json
import shutil
import subprocess

import pytest

from .conftest import ROOT, gate_missing

pytestmark = pytest.mark.vnu

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(*folders) -> list[str]:
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
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def test_every_page_is_valid_html(example_site, fixture_site):
    assert vnu_errors(example_site, fixture_site) == []


def test_the_checker_does_catch_errors(tmp_path):
    # Guards the gate itself: a broken page must be reported.
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p><div></span>")
    assert vnu_errors(tmp_path)
