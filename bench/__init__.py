"""The benchmark (`make bench`) and its synthetic content. See docs/performance.md."""
