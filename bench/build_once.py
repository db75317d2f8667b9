"""One build, in its own process so its memory is its own; prints JSON.

  python -m bench.build_once cold SITE_YML SITE_DIR [--memory]
  python -m bench.build_once warm SITE_YML SITE_DIR COUNCIL_FILE

`cold` builds once; with `--memory`, it also samples the memory the build uses
(see BuildMemory), which slows the build, so the benchmark times one build and
measures the memory of another.

`warm` builds as `make serve` does (`mkdocs serve --dirty`: a fresh configuration
each time, in one long-lived process, the plugin kept, the folder not emptied), changes one council file, and times the
rebuild: until its pages are written, and until its search index, which
`make serve` builds in the background, is in place. Two edits are timed: a
change of wording, then a change of score.
"""

from __future__ import annotations

import json
import logging
import os
import re
import resource
import sys
import threading
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


class BuildMemory:
    """The memory the build uses, sampled while it runs: the proportional set size (PSS) of
    this process and of its Python workers, so that pages a forked worker still shares with
    the main process count once. The peak RSS of each process would count them in both.
    Pagefind's own process is left out: search indexing is reported on its own."""

    def __init__(self, every: float = 0.25) -> None:
        self.every, self.peak_mb = every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> BuildMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = os.getpid()
        comm = Path(f"/proc/{me}/comm").read_text()
        while True:
            pids = [me] + [p for p in _children(me) if _read(f"/proc/{p}/comm") == comm]
            kb = sum(_pss_kb(p) for p in pids)
            self.peak_mb = max(self.peak_mb, round(kb / 1024, 1))
            if self._stop.wait(self.every):
                return


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:  # the process has ended
        return ""


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # the process has ended
        return found
    for task in tasks:
        for child in _read(f"{task}/children").split():
            found += [int(child), *_children(int(child))]
    return found


def _pss_kb(pid: int) -> int:
    for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _build(
    site_yml: str, site_dir: str, command: str, dirty: bool = False, memory: BuildMemory | None = None
) -> tuple[float, dict]:
    """One build; with `memory`, its memory is sampled as it runs. Reading a large process's
    memory map takes about 10 ms of CPU, so a build that is timed is not sampled: at 15,300
    councils, sampling every 0.5 s made the build 5 s slower."""
    config = load_config(config_file=site_yml, site_dir=site_dir)
    config.plugins.on_startup(command=command, dirty=dirty)
    started = time.perf_counter()
    if memory is None:
        build(config, dirty=dirty)
    else:
        with memory:
            build(config, dirty=dirty)
    wall = time.perf_counter() - started
    plugin = config.plugins["council-ratings"]
    search = plugin.search_stats
    return wall, {
        "stages": {k: round(v, 3) for k, v in plugin.timings.items()},
        "worker_peak_memory_mb": plugin.worker_peak_mb,
        "build_memory_mb": memory.peak_mb if memory else None,
        "search_pages": search.pages if search else None,
        "search_bytes": search.bundle_bytes if search else None,
    }


def main() -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    mode, site_yml, site_dir = sys.argv[1:4]
    if mode == "cold":
        memory = BuildMemory() if "--memory" in sys.argv[4:] else None
        wall, details = _build(site_yml, site_dir, "build", memory=memory)
        result = {"build_seconds": round(wall, 3), **details}
    else:
        council = Path(sys.argv[4])
        first, _ = _build(site_yml, site_dir, "serve", dirty=True)  # as `make serve` runs it
        config = load_config(config_file=site_yml, site_dir=site_dir)
        config.plugins["council-ratings"].on_shutdown()  # the first index is in place before the edit
        original = council.read_text()
        # Two edits, each timed as its own rebuild: findings reworded (most edits), and one
        # statement's score changed, which moves the council in every comparison page.
        edits = {
            "findings": original.replace("summary: |\n", "summary: |\n      Changed for the rebuild.\n", 1),
            "score": re.sub(r"score: (\d)", lambda m: f"score: {int(m.group(1)) % 4 + 1}", original, count=1),
        }
        result = {"first_build_seconds": round(first, 3)}
        try:
            for name, text in edits.items():
                council.write_text(text)
                started = time.perf_counter()
                config = load_config(config_file=site_yml, site_dir=site_dir)
                build(config, dirty=True)
                rebuild = time.perf_counter() - started
                plugin = config.plugins["council-ratings"]
                plugin.on_shutdown()  # waits for the search index, built in the background
                searchable = time.perf_counter() - started
                result[f"rebuild_{name}_seconds"] = round(rebuild, 3)
                result[f"rebuild_{name}_search_ready_seconds"] = round(searchable, 3)
                result[f"rebuild_{name}_stages"] = {k: round(v, 3) for k, v in plugin.timings.items()}
        finally:
            council.write_text(original)
    result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["children_peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
