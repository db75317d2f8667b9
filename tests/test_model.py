"""The scoring rules, for every total nine statements can reach and with unscored statements."""

import pytest

from generator import model
from generator.framework import load_framework

FW = load_framework()


def band_by_hand(total: int, maximum: int) -> str:
    # Independent of the model: exact fractions, half-up rounding, bands from the brief.
    from fractions import Fraction

    exact = Fraction(100 * total, maximum)
    percent = int(exact + Fraction(1, 2))
    if percent >= 88:
        return "outstanding"
    if percent >= 63:
        return "good"
    if percent >= 39:
        return "requires-improvement"
    return "inadequate"


@pytest.mark.parametrize("total", range(9, 37))
def test_every_total_of_nine_statements(total):
    scores = [1] * 9
    for i in range(total - 9):
        scores[i % 9] += 1
    result = model.score(scores, FW)
    assert result.total == total and result.maximum == 36
    assert result.rating.id == band_by_hand(total, 36)
    assert 25 <= result.percent <= 100


def test_known_totals():
    def rating(total):
        scores = [1] * 9
        for i in range(total - 9):
            scores[i % 9] += 1
        r = model.score(scores, FW)
        return r.percent, r.rating.id

    assert rating(13) == (36, "inadequate")
    assert rating(14) == (39, "requires-improvement")  # 38.9 rounds up: the rounding rule decides
    assert rating(22) == (61, "requires-improvement")
    assert rating(23) == (64, "good")  # the lowest total that is still good
    assert rating(31) == (86, "good")
    assert rating(32) == (89, "outstanding")
    assert rating(36) == (100, "outstanding")


def test_rounding_is_half_up_not_bankers():
    assert model.rounded_percent(1, 8) == 13  # 12.5 -> 13 (round() would give 12)
    assert model.rounded_percent(5, 8) == 63  # 62.5 -> 63
    assert model.rounded_percent(7, 8) == 88  # 87.5 -> 88
    assert model.rounded_percent(14, 36) == 39
    assert model.rounded_percent(17, 24) == 71  # 70.83


def test_unscored_statements_leave_the_denominator():
    result = model.score([2, 3, None, 2, 3, 2, 2, 2, 2], FW)
    assert (result.total, result.maximum, result.scored) == (18, 32, 8)
    assert result.percent == 56 and result.rating.id == "requires-improvement"


def test_nothing_scored_gives_no_result():
    assert model.score([None, None], FW) is None
    assert model.score([], FW) is None


def test_position_wording():
    assert model.position_words(model.score([3, 2, 3, 3, 3, 2, 2, 3, 2], FW)) == (
        "lower end of good, nearer requires improvement"
    )
    assert model.position_words(model.score([4, 3, 4, 4, 3, 4, 3, 4, 3], FW)) == "lower end of outstanding, nearer good"
    assert model.position_words(model.score([4] * 9, FW)) == "upper end of outstanding"
    assert model.position_words(model.score([1] * 9, FW)) == "lower end of inadequate"
    upper_inadequate = model.score([1, 2, 1, 2, 1, 2, 1, 2, 1], FW)  # 36
    assert model.position_words(upper_inadequate) == "upper end of inadequate, nearing requires improvement"
    assert (
        model.position_words(model.score([4, 3, 3, 3, 3, 3, 3, 3, 3], FW)) == "upper end of good, nearing outstanding"
    )
    assert model.position_words(model.score([3, 3, 3, 3, 3, 3, 3, 3, 2], FW)).startswith("lower end of good")  # 72


def test_band_edge_sentences():
    on_edge = model.score([3, 2, 3, 3, 3, 2, 2, 3, 2], FW)  # 23 of 36
    assert on_edge.points_to_lower == 1
    assert model.edge_sentences(on_edge)[0] == (
        "One point lower on any statement would make this requires improvement."
    )
    near_top = model.score([4, 3, 4, 4, 3, 4, 3, 4, 3], FW)  # 32: 89, outstanding
    assert near_top.points_to_lower == 1 and near_top.points_to_higher is None
    middle = model.score([3, 3, 3, 3, 4, 3, 3, 3, 2], FW)  # 27: 75
    assert (middle.points_to_lower, middle.points_to_higher) == (5, 5)
    assert model.edge_sentences(middle) == [
        "Five points lower, on one statement or across several, would make this requires improvement.",
        "Five points higher, on one statement or across several, would make this outstanding.",
    ]
    assert model.score([1] * 9, FW).points_to_lower is None


@pytest.mark.parametrize(
    "scores, to_lower, to_higher",
    [
        # By hand, against band_by_hand's bands: 13 of 36 is 36%; 14 makes 39%, requires improvement.
        ([1, 2, 1, 2, 1, 2, 1, 2, 1], None, 1),
        # 36 of 36: five points lower is 31, 86%, good; four lower is 32, 89%, still outstanding.
        ([4] * 9, 5, None),
        # 23 of 36 (64%, the lowest good): 22 is 61%; 32 is 89%, the lowest outstanding, nine points up.
        ([3, 2, 3, 3, 3, 2, 2, 3, 2], 1, 9),
        # One statement not scored, 18 of 32 (56%): 20 is 62.5%, rounded up to 63, good; 12 is 37.5%,
        # rounded up to 38, still inadequate, six points down.
        ([2, 2, 2, 3, 2, 2, 3, 2, None], 6, 2),
    ],
)
def test_points_to_the_next_band_either_way(scores, to_lower, to_higher):
    result = model.score(scores, FW)
    assert (result.points_to_lower, result.points_to_higher) == (to_lower, to_higher)


def test_theme_sub_ratings_apply_the_same_rule():
    scores = dict(zip([s.id for s in FW.statements], [3, 2, 3, 3, 3, 2, 2, 3, 2], strict=True))
    themes = model.theme_results(scores, FW)
    assert themes["working-with-people"].percent == 67  # 8 of 12
    assert themes["ensuring-safety"].rating.id == "requires-improvement"  # 4 of 8 = 50
    assert themes["leadership"].percent == 63  # 5 of 8 = 62.5, rounded half up
    assert themes["leadership"].rating.id == "good"
    scores["governance"] = scores["learning"] = None
    assert model.theme_results(scores, FW)["leadership"] is None


def test_change_between_assessments():
    from datetime import date

    def assessment(published, values):
        ids = [s.id for s in FW.statements]
        return model.Assessment(
            published=published,
            statements={sid: model.StatementEntry(sid, v) for sid, v in zip(ids, values, strict=True)},
        )

    before = assessment(date(2024, 5, 9), [1, 2, 2, 2, 3, 2, 3, 2, 3])
    after = assessment(date(2025, 9, 18), [3, 3, 3, 2, 3, 2, 3, 3, 3])
    change = model.change_between(before, after, FW)
    assert change.rating_direction == "up"
    assert change.percent_delta == 69 - 56
    assert change.statements[0].direction == "up"
    assert change.statements[3].direction == "same"


def test_the_a_to_z_lists_a_council_under_its_own_name_not_the_words_before_it():
    from generator.pages import council_list_page

    names = [
        "London Borough of Barnet",
        "Royal Borough of Greenwich",
        "City of London Corporation",
        "Bristol City Council",
    ]
    councils = [
        model.Council(f"c{i}", name, f"E0900000{i}", "london-borough", "london") for i, name in enumerate(names)
    ]
    letters = {letter: [e.name for e in entries] for letter, entries in council_list_page(councils, FW).letters}
    assert letters == {
        "B": ["London Borough of Barnet", "Bristol City Council"],
        "C": ["City of London Corporation"],
        "G": ["Royal Borough of Greenwich"],
    }
