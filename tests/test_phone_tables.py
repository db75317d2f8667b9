"""A comparison table on a phone, as a reader saw it: the sticky council-name column took 349 of the
358 px of a 390 px screen, leaving a 9 px sliver for the rest of the row, so no rating was ever in
view. A row's name and its rating are both in view without scrolling sideways."""

import pytest

from .conftest import open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TABLES = [
    "/compare/",
    "/compare/frameworks/revised-example/",
    "/compare/types/unitary/",
    "/compare/regions/north-east/",
    "/compare/population/250000-to-499999/",
]


def in_view(box: dict | None) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("path", TABLES)
def test_on_a_phone_a_rows_name_and_rating_are_both_in_view(browser, example_url, path):
    context, page, errors = open_page(browser, example_url + path, viewport=PHONE)
    table = page.locator("table.compare").first  # the table of councils, not a chart's table
    table.scroll_into_view_if_needed()
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    rating_column = next(i for i, h in enumerate(headers) if h.startswith("Rating"))
    row = table.locator("tbody tr").first
    name, rating = row.locator("th").first, row.locator("th, td").nth(rating_column)
    assert in_view(name.bounding_box()), "the council's name"
    assert in_view(rating.bounding_box()), f"its rating ({rating.inner_text()!r}) without scrolling sideways"
    context.close()
    assert errors == []
