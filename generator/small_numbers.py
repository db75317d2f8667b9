"""The small-number rule, one for every page: no percentage, share or chart is drawn
from fewer than MIN_COUNCILS councils. Among so few, one council moves a share by 20
points or more, and a chart of them reads as a pattern where there is none; the
councils are listed instead, with a sentence saying why (`too_few`)."""

from __future__ import annotations

MIN_COUNCILS = 5


def enough(councils: int) -> bool:
    """Enough councils to draw a share, percentage or chart from."""
    return councils >= MIN_COUNCILS


def council_count(n: int) -> str:
    """E.g. "1 council", "3 councils"."""
    return f"{n} council{'s' if n != 1 else ''}"


def share(n: int, total: int) -> str | None:
    """n of total as a whole percentage, "40%"; None when `total` is too few councils to say."""
    return f"{round(100 * n / total)}%" if enough(total) else None


def too_few(total: int, which: str, what: str = "shares or a chart") -> str:
    """Why a page lists councils rather than drawing `what` from them; "" when there are enough.
    `which` follows "councils": e.g. "with a formal rating here"."""
    if enough(total):
        return ""
    if total == 0:
        return f"There is no council {which}."
    listed = "it is" if total == 1 else "they are"
    return (
        f"There {'is' if total == 1 else 'are'} only {council_count(total)} {which}, fewer than {MIN_COUNCILS}: "
        f"too few for {what}, so {listed} listed below instead."
    )
