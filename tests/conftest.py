import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = date(2026, 1, 15)  # fixed, so "in the future" checks do not drift


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get("REQUIRE_GATES") == "1"


def gate_missing(what: str) -> None:
    """A quality gate's tool is missing: fail in CI, skip with a clear message elsewhere."""
    if in_ci():
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} not found on this machine; this quality gate is skipped (it runs in CI)")


def build_site(
    config: Path, site_dir: Path, strict: bool = True, env: dict | None = None
) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    if strict:
        args.insert(5, "--strict")
    return subprocess.run(args, capture_output=True, text=True, cwd=config.parent, env={**os.environ, **(env or {})})


def copy_site_sources(dest: Path, councils_from: Path) -> Path:
    """A self-contained site folder (site.yml, theme, pages) with the given council files."""
    shutil.copy(ROOT / "site.yml", dest / "site.yml")
    shutil.copytree(ROOT / "theme", dest / "theme")
    shutil.copytree(ROOT / "content", dest / "content", ignore=shutil.ignore_patterns("councils"))
    shutil.copytree(councils_from, dest / "content" / "councils")
    return dest / "site.yml"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example site, built once for the whole test session."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = build_site(ROOT / "site.yml", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """A small fixture site: three councils from tests/fixtures/councils, hostile Markdown included."""
    src = tmp_path_factory.mktemp("fixture-src")
    config = copy_site_sources(src, FIXTURES / "councils")
    out = src / "site"
    result = build_site(config, out)
    assert result.returncode == 0, result.stderr
    return out
