"""Narrative rendering: the plain-paragraph shortcut gives exactly what the full
Markdown-and-sanitiser path gives, and hostile input is still handled by the full path."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.markdown import _full_render, _plain_paragraphs, render

# Lines of prose the shortcut accepts, into which a hazard or two may be inserted: a
# character that starts Markdown or HTML, whitespace that changes meaning (trailing
# spaces, indents, tabs, blank lines) or any character at all. So about half the texts
# are taken by the shortcut and the rest probe where it must decline.
WORDS = ["Care", "people", "Éire", "é", "waited"]
PROSE = WORDS + ["1990", " ", " ", ",", ".", ";", ":", "'", '"', "?", "!", "(", ")", "%", "/", "£"]
PROSE += ["–", "—", "‘", "’", "“", "”", "-", "\n"]
HAZARDS = list("*_`[]<>&#|\\=+~\t\r\u00a0\n")
HAZARDS += ["  ", "  \n", "    ", "1. ", "- ", "&amp;", "<b>", "\n\n", "_em_", "*em*", "`c`"]
prose = st.tuples(st.sampled_from(WORDS), st.lists(st.sampled_from(PROSE), max_size=30)).map(
    lambda first_rest: first_rest[0] + "".join(first_rest[1])
)
hazard = st.tuples(st.integers(0, 200), st.sampled_from(HAZARDS) | st.characters())


def _insert(text: str, hazards: list[tuple[int, str]]) -> str:
    for at, what in hazards:
        at %= len(text) + 1
        text = text[:at] + what + text[at:]
    return text


texts = st.tuples(prose, st.lists(hazard, max_size=2)).map(lambda t: _insert(*t))


@settings(max_examples=2000, deadline=None)
@given(texts)
@example("Waiting lists\nwere long.\n\nPeople said so.\n")
@example("Line with a break  \nnext")
@example("2024. A year")
@example("Fees rose 5% – £3/hour (“too much”).")
def test_plain_paragraph_shortcut_matches_full_render(text):
    fast = _plain_paragraphs(text)
    if fast is not None:
        assert fast == _full_render(text, 3)


def test_shortcut_takes_ordinary_prose_and_declines_markup():
    prose = "Most people waited\nless than four weeks.\n\nCarers said so.\n"
    assert _plain_paragraphs(prose) == "<p>Most people waited\nless than four weeks.</p>\n<p>Carers said so.</p>"
    for text in ["*Most* people", "- a list", "Fish & chips", "Line  \nbreak", "    code", "# Heading"]:
        assert _plain_paragraphs(text) is None, text
    assert str(render("Fish & chips <script>x</script>")) == "<p>Fish &amp; chips </p>"
