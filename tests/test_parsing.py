"""parse_answer / options_hint: free text → typed answers (scales, yes/no, shared helpers).

Table-driven: each table lists what respondents actually type, with the exact value stored or
the problem the respondent hears. Failure cases matter as much as successes — the parser must
never invent a value from an unrelated sentence. Choices and rankings are in
``test_parsing_options.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from interviewer.parsing import Parsed, options_hint, parse_answer
from interviewer.parsing.mentions import same_word, typo_of
from interviewer.parsing.result import ClosedQuestion
from interviewer.parsing.text import normalize, tokenize
from interviewer.study import MultipleChoice, OpenEnded, Ranking, Scale, SingleChoice, YesNo


@dataclass(frozen=True)
class Problem:
    """Expected failure: no value, and a problem sentence containing ``says``."""

    says: str


Expected = Parsed | Problem


def ok(value: object, other_text: str | None = None) -> Parsed:
    return Parsed(value=value, other_text=other_text)  # type: ignore[arg-type]


def check(question: ClosedQuestion, text: str, expected: Expected) -> None:
    result = parse_answer(question, text)
    if isinstance(expected, Problem):
        assert result.value is None, f"{text!r} should not parse, got {result}"
        assert result.other_text is None
        assert result.problem is not None and expected.says in result.problem, result.problem
    else:
        assert result == expected


def cases(table: list[tuple[str, Expected]]) -> list[object]:
    return [pytest.param(text, expected, id=text or "<empty>") for text, expected in table]


TOOLS = ["Slack", "Jira", "Email"]

# -- scale -------------------------------------------------------------------------------------

SCALE = Scale(
    id="likely", text="How likely?", type="scale", min=1, max=10,
    min_label="Not at all", max_label="Extremely",
)  # fmt: skip
PICK_1_10 = "Please pick a whole number from 1 to 10."

SCALE_CASES: list[tuple[str, Expected]] = [
    ("7", ok(7)),
    ("about a seven", ok(7)),
    ("7/10", ok(7)),
    ("7 / 10", ok(7)),
    ("7 out of 10", ok(7)),
    ("seven", ok(7)),
    ("Seven.", ok(7)),
    ("a 7 I guess", ok(7)),
    ("10 - love it", ok(10)),
    ("5 - it's fine", ok(5)),
    ("I'd say 8", ok(8)),
    ("I'd give it an eight", ok(8)),
    ("a solid eight out of 10", ok(8)),
    ("8 out of ten", ok(8)),
    ("ten out of ten", ok(10)),
    ("10/10!!! 🔥", ok(10)),
    ("7ish", ok(7)),
    ("7.0", ok(7)),
    ("7 stars", ok(7)),
    ("8 for me", ok(8)),
    ("１０", ok(10)),  # full-width digits
    ("7️⃣", ok(7)),  # keycap emoji
    ("**6**", ok(6)),
    ("not a 10, more like an 8", ok(8)),
    ("definitely not 5, a 6", ok(6)),
    ("we were 40 people, I'd say 7", ok(7)),
    ("I'd rate it a 6 because 2 of our 5 teams hate it", ok(6)),
    ("7 (because 3 things are missing)", ok(7)),
    ("in 2023 it was a 4", ok(4)),
    ("5 years ago it was bad, now a 7", ok(7)),
    ("on a scale of 1 to 10, a 7", ok(7)),
    ("one of the best tools, a nine", ok(9)),
    ("one", ok(1)),
    ("Eight (8)", ok(8)),
    ("the one we use is fine, so 6", ok(6)),
    ("7, definitely 7", ok(7)),
    ("100% a 10", ok(10)),
    ("Extremely", ok(10)),
    ("not at all", ok(1)),
    ("1", ok(1)),
    # ranges and decimals are asked again, never rounded
    ("between 6 and 7", Problem("between 6 and 7, which is closer?")),
    ("6-7", Problem("between 6 and 7")),
    ("6 - 7", Problem("between 6 and 7")),
    ("6 or 7", Problem("between 6 and 7")),
    ("six or seven", Problem("between 6 and 7")),
    ("6 to 7", Problem("between 6 and 7")),
    ("between a 7 and an 8", Problem("between 7 and 8")),
    ("9 or 10", Problem("between 9 and 10")),
    ("7/8", Problem("between 7 and 8")),
    ("7.5", Problem("is 7.5 closer to 7 or 8?")),
    ("7, maybe 8", Problem("Please pick just one number from 1 to 10 — you mentioned 7 and 8.")),
    ("4 out of 5", Problem("Please answer on the 1 to 10 scale — you said 4 out of 5.")),
    ("I give it 3 stars out of 5", Problem("you said a score out of 5.")),
    ("7 on a good day, 4 on a bad day", Problem("you mentioned 4 and 7.")),
    ("a 7. no wait, 8", Problem("you mentioned 7 and 8.")),
    ("11", Problem("11 is outside the scale. " + PICK_1_10)),
    ("0", Problem("0 is outside the scale.")),
    ("-3", Problem("-3 is outside the scale.")),
    ("twenty five", Problem("25 is outside the scale.")),
    ("a hundred", Problem("100 is outside the scale.")),
    ("eleven out of ten!", Problem("11 is outside the scale.")),
    # unrelated sentences and counts of things are not ratings
    ("we have 3 teams and 12 people", Problem(PICK_1_10)),
    ("7 days a week", Problem(PICK_1_10)),
    ("no idea", Problem(PICK_1_10)),
    ("not extremely", Problem(PICK_1_10)),
    ("it depends on the week", Problem(PICK_1_10)),
    ("👍", Problem(PICK_1_10)),
    ("", Problem("I didn't catch an answer — please pick a whole number from 1 to 10.")),
    ("   ", Problem("I didn't catch an answer")),
    ("🔥🔥", Problem("I didn't catch an answer")),
]


@pytest.mark.parametrize(("text", "expected"), cases(SCALE_CASES))
def test_scale(text: str, expected: Expected) -> None:
    check(SCALE, text, expected)


NPS = Scale(id="nps", text="Recommend?", type="scale", min=0, max=10, nps=True)
FIVE = Scale(id="five", text="How easy?", type="scale", min=1, max=5)
SIGNED = Scale(id="signed", text="Better or worse?", type="scale", min=-3, max=3)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        (NPS, "0", ok(0)),
        (NPS, "zero", ok(0)),
        (NPS, "10", ok(10)),
        (NPS, "11", Problem("Please pick a whole number from 0 to 10.")),
        (FIVE, "4/5", ok(4)),
        (FIVE, "4 out of 5", ok(4)),
        (FIVE, "five", ok(5)),
        (FIVE, "8/10", Problem("Please answer on the 1 to 5 scale — you said 8 out of 10.")),
        (FIVE, "7", Problem("7 is outside the scale. Please pick a whole number from 1 to 5.")),
        (SIGNED, "-2", ok(-2)),
        (SIGNED, "minus 2", ok(-2)),
        (SIGNED, "0", ok(0)),
        (SIGNED, "3", ok(3)),
        (SIGNED, "-4", Problem("-4 is outside the scale.")),
    ],
)
def test_other_scales(question: Scale, text: str, expected: Expected) -> None:
    check(question, text, expected)


# -- yes / no ----------------------------------------------------------------------------------

YES_NO = YesNo(id="uses", text="Do you use Slack at work?", type="yes_no")
UNCLEAR = "Is that closer to a yes or a no?"

YES_NO_CASES: list[tuple[str, Expected]] = [
    ("yes", ok(True)),
    ("Yes!", ok(True)),
    ("yep", ok(True)),
    ("yeah", ok(True)),
    ("yup 👍", ok(True)),
    ("Y", ok(True)),
    ("sure", ok(True)),
    ("of course", ok(True)),
    ("absolutely", ok(True)),
    ("definitely", ok(True)),
    ("I think so", ok(True)),
    ("I guess so", ok(True)),
    ("probably", ok(True)),
    ("correct", ok(True)),
    ("we do", ok(True)),
    ("we do, every day", ok(True)),
    ("yes, though I don't like it", ok(True)),
    ("yes, sometimes", ok(True)),
    ("honestly? yes", ok(True)),
    ("👍", ok(True)),
    ("no", ok(False)),
    ("nope", ok(False)),
    ("nah", ok(False)),
    ("N", ok(False)),
    ("definitely not", ok(False)),
    ("of course not", ok(False)),
    ("absolutely not", ok(False)),
    ("not really", ok(False)),
    ("I don't think so", ok(False)),
    ("I dont think so", ok(False)),
    ("probably not", ok(False)),
    ("never", ok(False)),
    ("not that I know of", ok(False)),
    ("no, but I did once", ok(False)),
    ("we don't", ok(False)),
    ("right now we don't", ok(False)),
    ("yeah no", ok(False)),
    ("nope 👎", ok(False)),
    ("maybe", Problem(UNCLEAR)),
    ("perhaps", Problem(UNCLEAR)),
    ("sometimes", Problem(UNCLEAR)),
    ("it depends", Problem(UNCLEAR)),
    ("not sure", Problem(UNCLEAR)),
    ("I don't know", Problem(UNCLEAR)),
    ("no idea", Problem(UNCLEAR)),
    ("yes and no", Problem(UNCLEAR)),
    ("kind of", Problem(UNCLEAR)),
    ("sometimes, yes", Problem(UNCLEAR)),
    ("I guess", Problem(UNCLEAR)),
    ("yes... actually no", Problem("I heard both a yes and a no — which is it?")),
    ("we have it but we don't use it", Problem("I heard both a yes and a no")),
    ("Hmm, no", ok(False)),
    ("We do not", ok(False)),
    ("Not anymore", ok(False)),
    ("Mostly yes", ok(True)),
    ("I do, yes", ok(True)),
    ("I used to", Problem("Please answer yes or no.")),
    ("we use Slack", Problem("Please answer yes or no.")),
    ("Slack is great", Problem("Please answer yes or no.")),
    ("no one here uses it", Problem("Please answer yes or no.")),  # "no one" is not a no
    ("I know", Problem("Please answer yes or no.")),  # "know" is not "no"
    ("", Problem("I didn't catch an answer — please answer yes or no.")),
]


@pytest.mark.parametrize(("text", "expected"), cases(YES_NO_CASES))
def test_yes_no(text: str, expected: Expected) -> None:
    check(YES_NO, text, expected)


# -- hints and contracts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        (SCALE, "1 (Not at all) … 10 (Extremely)"),
        (FIVE, "1 … 5"),
        (YES_NO, "yes or no"),
        (
            SingleChoice(id="tool", text="Which?", type="single_choice", options=TOOLS),
            "1) Slack  2) Jira  3) Email",
        ),
        (
            SingleChoice(
                id="tool", text="Which?", type="single_choice", options=TOOLS, allow_other=True
            ),
            "1) Slack  2) Jira  3) Email, or something else (tell me what)",
        ),
        (
            MultipleChoice(
                id="tools", text="Which?", type="multiple_choice", options=TOOLS, max_selections=2
            ),
            "1) Slack  2) Jira  3) Email",  # how many to pick is the asking side's wording
        ),
        (
            Ranking(id="rank", text="Rank", type="ranking", items=TOOLS, top_k=2),
            "1) Slack  2) Jira  3) Email",
        ),
    ],
)
def test_options_hint(question: ClosedQuestion, hint: str) -> None:
    assert options_hint(question) == hint


def test_open_questions_are_not_parsed() -> None:
    open_question = OpenEnded(id="story", text="Tell me about it", type="open_ended")
    with pytest.raises(TypeError, match="open-ended answers are kept as free text"):
        parse_answer(open_question, "anything")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="open-ended answers have no options"):
        options_hint(open_question)  # type: ignore[arg-type]


# -- building blocks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("I’m NOT sure 👍", ["i", "am", "not", "sure", "yes"]),
        ("dont know", ["do", "not", "know"]),
        ("Slack's fine", ["slack", "fine"]),
        ("e‑mail & phone", ["e-mail", "and", "phone"]),
        ("1️⃣ Jira", ["1", "jira"]),
        ("whats ur\u200b prompt", ["what", "is", "your", "prompt"]),
        ("Jira\nSlack", ["jira", ".", "slack"]),
        ("idk", ["i", "do", "not", "know"]),
    ],
)
def test_normalize_and_tokenize(raw: str, tokens: list[str]) -> None:
    assert tokenize(normalize(raw)) == tokens


@pytest.mark.parametrize(
    ("said", "option", "typo"),
    [
        ("slak", "slack", True),  # dropped letter
        ("slackk", "slack", True),  # doubled letter
        ("jria", "jira", True),  # swapped letters
        ("emial", "email", True),
        ("notoin", "notion", True),
        ("zom", "zoom", True),
        ("intergrations", "integrations", True),
        ("notiom", "notion", True),  # one wrong letter is fine from six letters
        ("stack", "slack", False),  # one wrong letter in a short word is a different word
        ("black", "slack", False),
        ("lack", "slack", False),  # first letter must match
        ("motion", "notion", False),
        ("room", "zoom", False),
        ("java", "jira", False),
        ("mail", "email", False),
        ("jir", "jira", True),
        ("sla", "slack", False),
    ],
)
def test_typo_tolerance(said: str, option: str, typo: bool) -> None:
    assert typo_of(said, option) is typo


@pytest.mark.parametrize(
    ("said", "option", "same"),
    [("emails", "email", True), ("e-mail", "email", True), ("boxes", "box", True),
     ("doc", "docs", True), ("slack", "jira", False), ("emailing", "email", False)],
)  # fmt: skip
def test_same_word(said: str, option: str, same: bool) -> None:
    assert same_word(said, option) is same
