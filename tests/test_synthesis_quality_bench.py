"""The synthesis-quality benchmark's own rules (benchmarks/synthesis_quality.py, report_quality.py):
which theme a scored passage gets, what counts as a whole-sentence quote, a filler label, a
templated insight. The benchmark itself runs on ../shared/eval and is not a test."""

from __future__ import annotations

from benchmarks.report_quality import (
    FILLERS,
    _stopword_at_edge,
    is_whole_sentences,
    sentence_bounds,
    skeleton,
    splitter_bounds,
)
from benchmarks.synthesis_quality import assign, text_passages
from interviewer.report.model import Fragment, Quote


def quote(text: str, *spans: tuple[int, int]) -> Quote:
    fragments = [Fragment(start=s, end=e, text=text[s:e]) for s, e in spans]
    return Quote(
        id="Q1",
        session_id="s",
        turn_id=1,
        respondent="R01",
        question_id=None,
        text=" … ".join(f.text for f in fragments),
        fragments=fragments,
    )


def test_a_passage_gets_the_theme_holding_most_of_its_characters() -> None:
    units = [("P1", 0, 100), ("P1", 200, 300), ("P2", 0, 50)]
    themes = [
        [("P1", 0, 30), ("P1", 20, 40)],  # overlapping spans count once: 40 characters
        [("P1", 50, 95), ("P1", 250, 260)],  # 45 characters of the first unit
    ]
    assert assign(units, themes) == [1, 1, -1]


def test_whole_sentences_start_and_end_at_sentence_bounds() -> None:
    text = "Yeah. We chased the approver for days. Then it was fine"
    second = text.index("We")
    end = text.index(" Then")
    for bounds in (sentence_bounds(text), splitter_bounds(text)):
        assert is_whole_sentences(quote(text, (second, end)), bounds)
        assert is_whole_sentences(quote(text, (second, end - 1)), bounds)  # final stop dropped
        assert is_whole_sentences(quote(text, (end + 1, len(text))), bounds)
        assert not is_whole_sentences(quote(text, (second + 3, end)), bounds)
        assert not is_whole_sentences(quote(text, (second, second + 20)), bounds)


def test_filler_and_edge_stopword_labels_are_caught_but_noun_phrases_pass() -> None:
    assert "um" in FILLERS and "unintelligible" in FILLERS
    assert _stopword_at_edge("Features and")
    assert _stopword_at_edge("Clusters · the")
    assert not _stopword_at_edge("Consent for quoting participants")


def test_insights_from_one_template_share_a_skeleton() -> None:
    a = "We believe “Feature · model” is valued because 7 of 7 respondents (100%) raised it."
    b = "We believe “Oh · cool” is valued because 5 of 7 respondents (71%) raised it."
    c = "Respondents chased approvers by email for days before invoices were paid."
    assert skeleton(a, {"feature", "model"}) == skeleton(b, {"oh", "cool"})
    assert skeleton(c, {"approvers"}) != skeleton(a, {"feature"})


def test_plain_texts_become_respondent_passages_with_their_own_turns() -> None:
    passages = text_passages(["first answer", "second answer"], ["Ann", "Bob"])
    assert [p.turn.id for p in passages] == [1, 2]
    assert [p.interview.session_id for p in passages] == ["Ann", "Bob"]
    assert passages[1].text == "second answer"
