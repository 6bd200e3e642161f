"""Quote verification: exact, corrected citation, repaired near miss, or dropped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interviewer.store import TurnRecord
from interviewer.synthesis.quotes import Located, QuoteChecker, Rejected, normalize, split_fragments

ANSWER = (
    "Honestly?  We   chased the approver for “four days” — by email, then Slack.\n"
    "It cost us a $200 late fee."
)
LATER = "The CFO stepped in and approved it herself on Friday."


def turn(turn_id: int, seq: int, role: str, text: str) -> TurnRecord:
    return TurnRecord(
        id=turn_id,
        session_id="s1",
        seq=seq,
        role=role,  # type: ignore[arg-type]
        text=text,
        question_id="q1",
        kind="answer" if role == "respondent" else "ask",  # type: ignore[arg-type]
        created_at=datetime.now(UTC),
    )


@pytest.fixture
def checker() -> QuoteChecker:
    return QuoteChecker(
        [
            turn(10, 1, "moderator", "Tell me about the last invoice."),
            turn(11, 2, "respondent", ANSWER),
            turn(12, 3, "moderator", "What happened next?"),
            turn(13, 4, "respondent", LATER),
        ]
    )


def located(result: Located | Rejected) -> Located:
    assert isinstance(result, Located), result
    return result


def test_normalize_folds_case_quotes_dashes_and_whitespace_and_maps_back() -> None:
    text, origin = normalize("  A “Big”\n\tdeal — ok ")
    assert text == 'a "big" deal - ok'
    assert [origin[i] for i in (0, 2, 3, 8)] == [2, 4, 5, 11]


def test_exact_quote_returns_the_source_text_not_the_models_spelling(checker: QuoteChecker) -> None:
    result = located(checker.check('we chased the approver for "four days"', 11))
    assert result.how == "exact"
    assert result.text == "We   chased the approver for “four days”"
    assert ANSWER[result.spans[0][0] : result.spans[0][1]] == result.text


def test_wrong_turn_is_corrected_to_the_neighbour_that_holds_the_words(
    checker: QuoteChecker,
) -> None:
    result = located(checker.check("The CFO stepped in and approved it herself", 11))
    assert (result.how, result.turn.id, result.text) == (
        "neighbour",
        13,
        "The CFO stepped in and approved it herself",
    )


def test_near_miss_is_repaired_to_the_whole_words_of_the_source(checker: QuoteChecker) -> None:
    result = located(checker.check("We chased the approver for four days by email", 11))
    assert result.how == "repaired"
    assert result.text == "We   chased the approver for “four days” — by email"


@pytest.mark.parametrize(
    ("quote", "turn_id", "reason"),
    [
        ("Our product changed everything for the team", 11, "not found in the transcript"),
        ("The CFO approved it herself", 13, "not found in the transcript"),  # a paraphrase
        ("What happened next", 12, "the moderator's words, not the respondent's"),
        ("chase", 11, "not found in the transcript"),  # only inside "chased": not a word
        ("It cost us a $200 late fee", 99, "cites a turn that is not in the session"),
        ("  … ", 11, "empty quote"),
    ],
)
def test_untraceable_quotes_are_rejected_with_a_countable_reason(
    checker: QuoteChecker, quote: str, turn_id: int, reason: str
) -> None:
    assert checker.check(quote, turn_id) == Rejected(reason)


def test_ellipsis_quote_needs_every_fragment_in_order_in_one_turn(checker: QuoteChecker) -> None:
    result = located(checker.check("we chased the approver ... it cost us a $200 late fee", 11))
    assert result.text == "We   chased the approver … It cost us a $200 late fee"
    assert [f.text for f in result.fragments] == [
        "We   chased the approver",
        "It cost us a $200 late fee",
    ]
    assert isinstance(
        checker.check("it cost us a $200 late fee … we chased the approver", 11), Rejected
    )
    assert isinstance(checker.check("We chased the approver … stepped in", 11), Rejected)


def test_split_fragments_strips_wrapping_quotes_but_keeps_inner_ones() -> None:
    assert split_fragments('"we waited for “four days” … then paid."') == [
        "we waited for “four days”",
        "then paid",
    ]
    assert split_fragments("a [...] b") == ["a", "b"]
