"""`make bench`: how fast the site builds as content grows, beside a plain-Python
baseline measured in the same run, and how heavy its pages are for a reader.

Writes docs/performance.json and docs/performance.md. Sizes come from
BENCH_SIZES (default "153 1530 15300"); synthetic content is kept in .bench/
and reused, since the same seed always gives the same files.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bench.report import render
from bench.synthetic import write_councils

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
BUDGETS = {
    "cold_153_seconds": 3.0,
    "ratio_15300": 1.0,
    "memory_15300_mb": 1024,
    "warm_rebuild_1530_seconds": 2.0,
    "council_page_gzip_kb": 35,
    "first_search_kb": 150,
    "postcode_finder_153_seconds": 1.5,  # what the postcode finder adds to a build
    "postcode_finder_mb": 10,
}


def prepare(n: int) -> Path:
    """A site folder with n synthetic councils and the example site's other pages."""
    folder = WORK / f"n{n}"
    councils = folder / "content" / "councils"
    if not (councils.is_dir() and len(list(councils.glob("*.yml"))) == n):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("councils"))
        write_councils(councils, n)
    # The postcode finder on the table that ships with the generator, as on a real site, not
    # the example's fictional one.
    config = re.sub(r"^ *postcodes: .*\n", "", (ROOT / "site.yml").read_text(), flags=re.M)
    (folder / "site.yml").write_text(config)
    plugin = "  - council-ratings:\n"
    if plugin not in config:
        raise SystemExit(f"bench: site.yml no longer configures the plugin as {plugin!r}")
    (folder / "site-without-search.yml").write_text(config.replace(plugin, plugin + "      search: false\n"))
    (folder / "site-without-postcodes.yml").write_text(
        config.replace(plugin, plugin + "      postcode_finder: false\n")
    )
    return folder


def python() -> str:
    return sys.executable


def settle() -> bool:
    """Start each timed run from the same state: what earlier runs wrote is on disk, and the
    page cache is emptied where the benchmark may (as root). On this kind of virtual machine,
    builds slowed by a fifth or more, run after run, as earlier output filled the page cache.
    True if the cache was emptied."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def timed_child(args: list[str]) -> dict:
    """Run a child process: its wall time, its peak memory (from wait4) and its output."""
    settle()
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err[-3000:]}")
    return {
        "wall_seconds": round(wall, 3),
        # CPU time of the child and the processes it waited for (the workers, Pagefind): on a
        # shared machine, far steadier than wall time.
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_memory_mb": round(usage.ru_maxrss / 1024, 1),
        "output": out,
    }


def measure_size(n: int) -> dict:
    folder = prepare(n)
    site, base_out = folder / "site", folder / "baseline"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(base_out, ignore_errors=True)
    ours = timed_child([python(), "-m", "bench.build_once", "cold", str(folder / "site.yml"), str(site)])
    details = json.loads(ours.pop("output"))
    baseline = timed_child([python(), "-m", "bench.baseline", str(folder / "content" / "councils"), str(base_out)])
    baseline.pop("output")
    # Memory is measured in a build of its own, since sampling it slows the build; search
    # indexing, reported on its own, is left out of it.
    memory_site = folder / "site-memory"
    shutil.rmtree(memory_site, ignore_errors=True)
    config = str(folder / "site-without-search.yml")
    memory = json.loads(
        timed_child([python(), "-m", "bench.build_once", "cold", config, str(memory_site), "--memory"])["output"]
    )
    finder = measure_postcode_finder(folder, site) if n <= 1530 else {}
    shutil.rmtree(memory_site)
    search = details["stages"].get("search index", 0.0)
    without_search = ours["wall_seconds"] - search
    return {
        "councils": n,
        "cold_build_seconds": ours["wall_seconds"],
        "cold_build_without_search_seconds": round(without_search, 3),
        "ms_per_council": round(1000 * ours["wall_seconds"] / n, 2),
        "peak_memory_mb": memory["peak_memory_mb"],
        "worker_peak_memory_mb": memory["worker_peak_memory_mb"],
        "build_memory_mb": memory["build_memory_mb"],
        "search_index_seconds": search,
        "search_index_peak_memory_mb": details["children_peak_memory_mb"],
        "search_index_bytes": details["search_bytes"],
        "stages_seconds": details["stages"],
        "baseline_seconds": baseline["wall_seconds"],
        "baseline_peak_memory_mb": baseline["peak_memory_mb"],
        "ratio_to_baseline": round(without_search / baseline["wall_seconds"], 2),
        "ratio_to_baseline_with_search": round(ours["wall_seconds"] / baseline["wall_seconds"], 2),
        **finder,
    }


def measure_postcode_finder(folder: Path, site: Path, pairs: int = 3) -> dict:
    """What the postcode finder adds: cold builds with it and without it, in turn, `pairs`
    times, in wall time and in CPU time (the median differences: on a shared machine one
    pair's wall times differ by more than the finder takes); the finder's
    files in bytes and in disk blocks; whether a second build wrote them byte for byte the
    same; and the search index without it, which should be no smaller."""
    again, without_site = folder / "site-again", folder / "site-without-postcodes"
    added, added_cpu, without_walls, without_index = [], [], [], 0
    for _ in range(pairs):
        for out in (again, without_site):
            shutil.rmtree(out, ignore_errors=True)
        with_it = timed_child([python(), "-m", "bench.build_once", "cold", str(folder / "site.yml"), str(again)])
        config = str(folder / "site-without-postcodes.yml")
        without = timed_child([python(), "-m", "bench.build_once", "cold", config, str(without_site)])
        added.append(round(with_it["wall_seconds"] - without["wall_seconds"], 3))
        added_cpu.append(round(with_it["cpu_seconds"] - without["cpu_seconds"], 3))
        without_walls.append(without["wall_seconds"])
        without_index = json.loads(without["output"])["search_bytes"]
    files = sorted(p for p in (site / "postcodes").rglob("*") if p.is_file())
    same = all((again / p.relative_to(site)).read_bytes() == p.read_bytes() for p in files)
    for out in (again, without_site):
        shutil.rmtree(out)
    return {
        "without_postcodes_seconds": statistics.median(without_walls),
        "postcode_finder_seconds": statistics.median(added),
        "postcode_finder_seconds_each": added,
        "postcode_finder_cpu_seconds": statistics.median(added_cpu),
        "postcode_finder_cpu_seconds_each": added_cpu,
        "postcode_finder_files": len(files),
        "postcode_finder_bytes": sum(p.stat().st_size for p in files),
        "postcode_finder_disk_bytes": sum(p.stat().st_blocks * 512 for p in files),
        "postcode_finder_same_twice": same,
        "search_index_bytes_without_postcodes": without_index,
    }


def measure_warm(n: int) -> dict:
    folder = prepare(n)
    council = sorted((folder / "content" / "councils").glob("*.yml"))[n // 2]
    out = timed_child(
        [python(), "-m", "bench.build_once", "warm", str(folder / "site.yml"), str(folder / "serve"), str(council)]
    )
    result = json.loads(out["output"])
    return {"councils": n, **result}


def weight(site: Path, page: str) -> dict:
    """Bytes of a page with its CSS and JavaScript, raw and gzipped (level 6, as servers do)."""
    html_path = site / page
    html = html_path.read_text()
    assets = re.findall(r'<(?:link rel="stylesheet" href|script type="module" src)="([^"]+)"', html)
    files = [html_path] + [(html_path.parent / a).resolve() for a in assets]
    raw = sum(f.stat().st_size for f in files)
    gz = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    head = html.split("</head>", 1)[0]
    blocking = [
        s
        for s in re.findall(r"<script\b[^>]*>", head)
        if not re.search(r'type="(module|application/ld\+json)"|defer|async', s)
    ]
    return {
        "page": "/" + page.removesuffix("index.html"),
        "files": [str(f.relative_to(site.resolve() if f.is_absolute() else site)) for f in files],
        "raw_bytes": raw,
        "gzip_bytes": gz,
        "render_blocking_scripts": len(blocking),
    }


def first_search_bytes(site: Path, query: str = "waiting") -> dict | None:
    """What a browser downloads to open /search/?q=… and show results, as a host would send it."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return None
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS, serve

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    fetched: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.on("requestfinished", lambda r: fetched.append(r.url))
        page = context.new_page()
        page.goto(f"{base}/search/?q={query}")
        page.locator("#search-results .result").first.wait_for()
        page.wait_for_timeout(300)
        browser.close()
    server.shutdown()
    total, files = 0, []
    for url in fetched:
        path = site / url.removeprefix(base + "/").split("?")[0]
        if path.is_dir():
            path = path / "index.html"
        data = path.read_bytes()
        # Pagefind's index files are already compressed; text is sent gzipped.
        size = len(data) if path.suffix.startswith(".pf") or path.suffix == ".pagefind" else len(gzip.compress(data, 6))
        total += size
        files.append({"file": str(path.relative_to(site)), "bytes": size})
    return {"query": query, "bytes": total, "files": files}


def machine() -> dict:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), flags=re.M)
        cpu = found.group(1) if found else cpu
    mem = Path("/proc/meminfo")
    total = re.search(r"MemTotal:\s+(\d+)", mem.read_text()).group(1) if mem.exists() else "0"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(total) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "153 1530 15300").split()]
    WORK.mkdir(exist_ok=True)
    results: dict = {"date": date.today().isoformat(), "machine": machine(), "budgets": BUDGETS, "sizes": []}
    results["page_cache_emptied"] = settle()
    for n in sizes:
        print(f"bench: {n} councils…", flush=True)
        results["sizes"].append(measure_size(n))
        print(json.dumps(results["sizes"][-1]), flush=True)
    warm_n = 1530 if 1530 in sizes else sizes[0]
    print(f"bench: warm rebuild at {warm_n}…", flush=True)
    results["warm_rebuild"] = measure_warm(warm_n)
    example = WORK / "example-site"
    shutil.rmtree(example, ignore_errors=True)
    subprocess.run(
        [python(), "-m", "mkdocs", "build", "-q", "-f", "site.yml", "-d", str(example)], cwd=ROOT, check=True
    )
    results["page_weight"] = [
        weight(example, page)
        for page in ("councils/northvale/index.html", "search/index.html", "index.html", "compare/index.html")
        if (example / page).exists()
    ]
    results["first_search"] = first_search_bytes(example)
    (ROOT / "docs" / "performance.json").write_text(json.dumps(results, indent=2) + "\n")
    (ROOT / "docs" / "performance.md").write_text(render(results))
    print("bench: wrote docs/performance.md and docs/performance.json")


if __name__ == "__main__":
    main()
