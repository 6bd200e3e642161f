"""The offline engine's draft insights: wording from the theme's content, kind and decision."""

from __future__ import annotations

import re

import pytest

from interviewer.report.model import Fragment, Prevalence, Quote, SentimentCounts, Theme, ThemeKind
from interviewer.study.schema import NO_DECISION
from interviewer.synthesis.insights import build_insights, strongest, templated
from interviewer.synthesis.offline.insights import SHORT_DECISION
from tests.support.synthesis_data import load_example

STUDY = load_example("invoice-approvals")
# The example's decision is longer than SHORT_DECISION; the action keeps its first clause.
DECIDING = (
    "whether our next product bet is approval routing for accounts-payable teams at "
    "companies with 200–2,000 employees"
)
COMPLAINT = "Every invoice over the limit sits in the CFO's inbox for days."
PRAISE = "The new approval limits made Fridays calm and quick for the whole team."
WISH = "I'd like to be able to approve from my phone."


def quote(text: str, sentiment: str, respondent: str = "R01") -> Quote:
    return Quote(
        id=f"Q{abs(hash(text)) % 1000}",
        session_id=respondent,
        turn_id=1,
        respondent=respondent,
        question_id="hardest",
        text=text,
        fragments=[Fragment(start=0, end=len(text), text=text)],
        sentiment=sentiment,  # type: ignore[arg-type]
    )


def theme(
    respondents: int,
    kind: ThemeKind,
    *,
    negative: int = 0,
    positive: int = 0,
    neutral: int = 0,
    quotes: list[Quote] | None = None,
    name: str = "Approval limits",
    theme_id: str = "T1",
) -> Theme:
    return Theme(
        id=theme_id,
        name=name,
        definition="What respondents said about approval limits.",
        prevalence=Prevalence(respondents=respondents, total=12, share=respondents / 12),
        session_ids=[f"s{i}" for i in range(respondents)],
        question_ids=["hardest", "why_hard"],
        sentiment=SentimentCounts(negative=negative, positive=positive, neutral=neutral),
        excerpts=negative + positive + neutral,
        kind=kind,
        quotes=quotes if quotes is not None else [],
    )


def test_a_wide_pain_point_is_a_requirement_and_quotes_a_complaint() -> None:
    pain = theme(9, "pain point", negative=10, neutral=4, quotes=[quote(COMPLAINT, "negative")])

    [insight] = build_insights([pain], STUDY, depth_of={})

    assert insight.statement == (
        "We believe respondents run into trouble with approval limits because 9 of 12 "
        "respondents talked about it and 10 of their 14 sentences on it are complaints — as R01 "
        f"put it, “{COMPLAINT[:-1]}”, so we will treat fixing approval limits as a "
        f"requirement when deciding {DECIDING}."
    )
    assert insight.written_by == "template"


def test_long_decision_is_cut_at_a_clause_boundary_not_inside_a_number() -> None:
    assert len(STUDY.decision) > SHORT_DECISION
    assert templated(theme(4, "pain point", negative=8), STUDY).action == (
        f"check how often approval limits blocks people before deciding {DECIDING}"
    )


@pytest.mark.parametrize(
    ("kind", "tone", "quoted", "belief", "evidence", "action"),
    [
        (
            "valued",
            {"positive": 6, "neutral": 3},
            quote(PRAISE, "positive"),
            "respondents value approval limits",
            f" — as R01 put it, “{PRAISE[:-1]}”",
            "keep approval limits as it is when deciding",
        ),
        (
            "request",
            {"neutral": 6},
            quote(WISH, "neutral"),
            "respondents are missing approval limits",
            f" — as R01 put it, “{WISH[:-1]}”",
            "scope approval limits as a candidate change when deciding",
        ),
        (
            "mixed views",
            {"positive": 4, "negative": 4},
            None,
            f"respondents are divided on approval limits: “{PRAISE}” versus “{COMPLAINT}”",
            " critical sentences",
            "find out what separates the two groups before deciding",
        ),
        (
            "practice",
            {"neutral": 9},
            quote("We forward every invoice to the budget owner by email.", "neutral"),
            "respondents describe approval limits as part of how they work today",
            " — as R01 put it, “We forward every invoice to the budget owner by email”",
            "design around approval limits rather than against it when deciding",
        ),
    ],
)
def test_each_kind_has_its_own_wording(
    kind: ThemeKind,
    tone: dict[str, int],
    quoted: Quote | None,
    belief: str,
    evidence: str,
    action: str,
) -> None:
    quotes = [quoted] if quoted else [quote(PRAISE, "positive"), quote(COMPLAINT, "negative")]

    phrasing = templated(theme(7, kind, quotes=quotes, **tone), STUDY)

    assert phrasing.belief == belief
    assert phrasing.because.endswith(evidence)  # the quote backs the numbers, after them
    assert phrasing.action == f"{action} {DECIDING}"


def test_without_a_recorded_decision_the_action_says_what_to_find_out() -> None:
    study = STUDY.model_copy(update={"decision": NO_DECISION})

    phrasing = templated(theme(9, "pain point", negative=9), study)

    assert phrasing.action == (
        "size the cost of approval limits with the team and ask the next respondents how "
        "often it happens"
    )
    assert "re-import" not in phrasing.action


def test_the_insight_is_never_a_restated_number_and_themes_of_one_kind_read_differently() -> None:
    themes = [
        theme(9, "pain point", negative=9, name="Approval limits", theme_id="T1"),
        theme(8, "pain point", negative=7, name="Vendor onboarding", theme_id="T2"),
    ]

    first, second = build_insights(themes, STUDY, depth_of={})

    assert not re.search(r"\d", first.belief + second.belief)
    skeleton = [
        i.belief.replace(t.name.lower(), "X") for i, t in zip((first, second), themes, strict=True)
    ]
    assert skeleton[0] != skeleton[1]


def test_a_theme_one_respondent_raised_is_a_hypothesis_not_an_insight() -> None:
    lone = theme(1, "pain point", negative=5, quotes=[quote(COMPLAINT, "negative")])
    shared = theme(3, "valued", positive=5, quotes=[quote(PRAISE, "positive")], theme_id="T2")

    assert [t.id for t in strongest([lone, shared])] == ["T2"]


def test_a_long_or_hesitant_quote_stays_out_of_the_statement() -> None:
    hesitant = quote("Um, so, like, the limits, you know, they are kind of slow.", "negative")

    phrasing = templated(theme(9, "pain point", negative=9, quotes=[hesitant]), STUDY)

    assert "“" not in phrasing.belief
