"""docs/performance.md from the benchmark's results."""

from __future__ import annotations


def _kb(n: int) -> str:
    return f"{n / 1000:.1f} KB"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def render(r: dict) -> str:
    m, b = r["machine"], r["budgets"]
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (`bench/run.py`); the same numbers are in `performance.json`. "
        "Do not edit by hand. Run on "
        f"{r['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB memory, "
        f"Python {m['python']}, {m['system']}.",
        "",
        "Each size is synthetic content from `bench/synthetic.py` (fixed seed): every statement scored and about "
        "1,500 words of narrative per council, one assessment each. Builds run cold in a fresh process"
        + (
            ", each timed run (ours and the baseline's) starting with the page cache emptied. "
            if r.get("page_cache_emptied")
            else ". "
        )
        + "The baseline (`bench/baseline.py`) is a plain Python script that renders the same narratives with "
        "Python-Markdown into one Jinja2 template per council, measured in the same run; the ratio compares "
        "our build without search indexing to it, since the baseline has no search. Our build renders "
        "across every core in forked workers. Peak memory is the build's memory in use, sampled every 0.25 s "
        "while it runs: the proportional set size (PSS) of the main process and its workers summed, so that "
        "what a forked worker still shares with the main process counts once (the peak RSS of each, also in "
        "the JSON, would count it in both). Sampling takes CPU (about 10 ms to read a large process's memory "
        "map), so memory is measured in a second build of the same content, without the search index, and "
        "the build that is timed is not sampled. Pagefind's process is left out and reported on its own.",
        "",
        "## Build",
        "",
        "| Councils | Cold build | Per council | Peak memory (PSS, all build processes) | Search index | Index size "
        "| Index peak memory | Baseline | Ratio to baseline |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in r["sizes"]:
        lines.append(
            f"| {s['councils']:,} | {s['cold_build_seconds']:.2f} s | {s['ms_per_council']:.1f} ms "
            f"| {s['build_memory_mb']:.0f} MB | {s['search_index_seconds']:.2f} s "
            f"| {_kb(s['search_index_bytes'])} "
            f"| {s['search_index_peak_memory_mb']:.0f} MB | {s['baseline_seconds']:.2f} s "
            f"| {s['ratio_to_baseline']:.2f}× ({s['ratio_to_baseline_with_search']:.2f}× with search) |"
        )
    finder = [s for s in r["sizes"] if "postcode_finder_seconds" in s]
    if finder:
        lines += [
            "",
            "What the postcode finder adds (`/postcodes/`, its area pages and one file per postcode district, "
            "from the table that ships with the generator): cold builds with it and without it, in turn, three "
            "times; the added time is the median difference, in wall time and in CPU time (the build's "
            "processes summed, workers and Pagefind included), which a busy machine disturbs far less.",
            "",
            "| Councils | Build without the finder | Added time | Added CPU time | Files | Size (bytes) "
            "| On disk (blocks) | Same in a second build | Search index without it |",
            "|---:|---:|---:|---:|---:|---:|---:|---|---:|",
        ]
        for s in finder:
            same = "yes" if s["postcode_finder_same_twice"] else "no"
            lines.append(
                f"| {s['councils']:,} | {s['without_postcodes_seconds']:.2f} s | {s['postcode_finder_seconds']:+.2f} s "
                f"| {s['postcode_finder_cpu_seconds']:+.2f} s "
                f"| {s['postcode_finder_files']:,} | {s['postcode_finder_bytes'] / 1e6:.1f} MB "
                f"| {s['postcode_finder_disk_bytes'] / 1e6:.1f} MB | {same} "
                f"| {_kb(s['search_index_bytes_without_postcodes'])} |"
            )
    lines += [
        "",
        "Where our build's time goes (seconds, our own stages; the rest is MkDocs reading and rendering):",
        "",
    ]
    for s in r["sizes"]:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in s["stages_seconds"].items())
        lines.append(f"- {s['councils']:,} councils: {stages}.")
    w = r["warm_rebuild"]
    worst = max(w["rebuild_findings_seconds"], w["rebuild_score_seconds"])
    lines += [
        "",
        f"Warm rebuild after one council file changes, as `make serve` does it (`mkdocs serve --dirty`), at "
        f"{w['councils']:,} councils (the first build in that process took {w['first_build_seconds']:.2f} s):",
        "",
        f"- findings reworded: pages written in **{w['rebuild_findings_seconds']:.2f} s**, search index in place "
        f"after {w['rebuild_findings_search_ready_seconds']:.2f} s (built in the background);",
        f"- one statement's score changed, which moves the council in every comparison page: pages written in "
        f"**{w['rebuild_score_seconds']:.2f} s**, search index in place after "
        f"{w['rebuild_score_search_ready_seconds']:.2f} s.",
        "",
        "## Pages, for a reader",
        "",
        "| Page | Files | Raw | Gzip | Render-blocking scripts |",
        "|---|---|---:|---:|---:|",
    ]
    for p in r["page_weight"]:
        lines.append(
            f"| `{p['page']}` | {', '.join(p['files'])} | {_kb(p['raw_bytes'])} | {_kb(p['gzip_bytes'])} "
            f"| {p['render_blocking_scripts']} |"
        )
    fs = r.get("first_search")
    if fs:
        lines += [
            "",
            f"First search (`/search/?q={fs['query']}` on the example site, everything the browser fetched, "
            f"text gzipped as a host would send it): **{_kb(fs['bytes'])}**.",
        ]
    else:
        lines += ["", "First search: not measured (no Chromium at /usr/bin/chromium)."]

    by_n = {s["councils"]: s for s in r["sizes"]}
    council_page = next((p for p in r["page_weight"] if p["page"].startswith("/councils/")), None)
    lines += ["", "## Budgets", "", "| Budget | Measured | |", "|---|---|---|"]
    if 153 in by_n:
        t = by_n[153]["cold_build_seconds"]
        lines.append(
            f"| Cold build, 153 councils, search included: ≤ {b['cold_153_seconds']} s | {t:.2f} s "
            f"| {_verdict(t <= b['cold_153_seconds'])} |"
        )
    if 15300 in by_n:
        s = by_n[15300]
        lines.append(
            f"| 15,300 councils: ≤ {b['ratio_15300']}× the baseline | {s['ratio_to_baseline']:.2f}× "
            f"| {_verdict(s['ratio_to_baseline'] <= b['ratio_15300'])} |"
        )
        total = s["build_memory_mb"]
        lines.append(
            f"| 15,300 councils: peak memory ≤ {b['memory_15300_mb']} MB | {total:.0f} MB "
            f"(PSS of every build process; peak RSS: main {s['peak_memory_mb']:.0f}, "
            f"largest worker {s['worker_peak_memory_mb']:.0f}) | {_verdict(total <= b['memory_15300_mb'])} |"
        )
    lines.append(
        f"| Rebuild after one change, {w['councils']:,} councils: ≤ {b['warm_rebuild_1530_seconds']} s "
        f"| {worst:.2f} s (the slower of the two edits) | {_verdict(worst <= b['warm_rebuild_1530_seconds'])} |"
    )
    if council_page:
        gz = council_page["gzip_bytes"] / 1000
        ok = gz <= b["council_page_gzip_kb"] and council_page["render_blocking_scripts"] == 0
        lines.append(
            f"| Council page ≤ {b['council_page_gzip_kb']} KB gzip, no render-blocking script "
            f"| {gz:.1f} KB, {council_page['render_blocking_scripts']} blocking | {_verdict(ok)} |"
        )
    if fs:
        lines.append(
            f"| First search ≤ {b['first_search_kb']} KB | {fs['bytes'] / 1000:.1f} KB "
            f"| {_verdict(fs['bytes'] / 1000 <= b['first_search_kb'])} |"
        )
    if "postcode_finder_seconds" in by_n.get(153, {}) and "postcode_finder_153_seconds" in b:
        s = by_n[153]
        # CPU time: the work the finder adds, which wall time on a shared machine hides in noise.
        added, mb = s["postcode_finder_cpu_seconds"], s["postcode_finder_bytes"] / 1e6
        same_index = s["search_index_bytes"] <= s["search_index_bytes_without_postcodes"]
        same = s["postcode_finder_same_twice"]
        ok = added <= b["postcode_finder_153_seconds"] and mb <= b["postcode_finder_mb"] and same_index and same
        lines.append(
            f"| Postcode finder, 153 councils: ≤ {b['postcode_finder_153_seconds']} s, "
            f"≤ {b['postcode_finder_mb']} MB, search index no larger, the same files twice "
            f"| {added:+.2f} s CPU ({s['postcode_finder_seconds']:+.2f} s wall), {mb:.1f} MB "
            f"({s['postcode_finder_disk_bytes'] / 1e6:.1f} MB in disk blocks), "
            f"index {'no larger' if same_index else 'larger'}, {'the same' if same else 'different'} "
            f"| {_verdict(ok)} |"
        )
    return "\n".join(lines) + "\n"
