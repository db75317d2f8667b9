"""`mkdocs build` writes beside the site and swaps the finished build into place at the
end, so a failed build, or a --strict build with warnings, leaves the previous site as
it was (MkDocs on its own empties the site folder first)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler


class SiteSwap:
    def __init__(self, config: MkDocsConfig) -> None:
        """Point the build at `<site_dir>.building`, and count MkDocs' warnings from now on
        (MkDocs counts them itself only once everything is written)."""
        self.final_site_dir = Path(config.site_dir)
        self.building = self.final_site_dir.with_name(self.final_site_dir.name + ".building")
        config.site_dir = str(self.building)
        self.warnings = CountHandler()
        self.warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def swap_into_place(self, config: MkDocsConfig) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        building = Path(config.site_dir)
        if config.strict and self.warnings.get_counts():
            shutil.rmtree(building, ignore_errors=True)
            raise PluginError("warnings in strict mode: the previous site was left as it was")
        previous = self.final_site_dir.with_name(self.final_site_dir.name + ".previous")
        shutil.rmtree(previous, ignore_errors=True)
        if self.final_site_dir.exists():
            self.final_site_dir.rename(previous)
        building.rename(self.final_site_dir)
        shutil.rmtree(previous, ignore_errors=True)
        config.site_dir = str(self.final_site_dir)

    def abandon(self) -> None:
        """After a failed build: remove what it wrote; the previous site stays."""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        shutil.rmtree(self.building, ignore_errors=True)
