"""parse_answer / options_hint: free text → typed answers for every closed question type.

Table-driven: each table lists what respondents actually type, with the exact value stored or
the problem the respondent hears. Failure cases matter as much as successes — the parser must
never invent a value from an unrelated sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from interviewer.parsing import OTHER, Parsed, options_hint, parse_answer
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
    ("5 years ago it was bad, now a 7", ok(7)),
    ("on a scale of 1 to 10, a 7", ok(7)),
    ("one of the best tools, a nine", ok(9)),
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
    ("7/8", Problem("between 7 and 8")),
    ("7.5", Problem("is 7.5 closer to 7 or 8?")),
    ("7, maybe 8", Problem("Please pick just one number from 1 to 10 — you mentioned 7 and 8.")),
    ("4 out of 5", Problem("Please answer on the 1 to 10 scale — you said 4 out of 5.")),
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
    ("we use Slack", Problem("Please answer yes or no.")),
    ("Slack is great", Problem("Please answer yes or no.")),
    ("no one here uses it", Problem("Please answer yes or no.")),  # "no one" is not a no
    ("I know", Problem("Please answer yes or no.")),  # "know" is not "no"
    ("", Problem("I didn't catch an answer — please answer yes or no.")),
]


@pytest.mark.parametrize(("text", "expected"), cases(YES_NO_CASES))
def test_yes_no(text: str, expected: Expected) -> None:
    check(YES_NO, text, expected)


# -- single choice -----------------------------------------------------------------------------

SINGLE = SingleChoice(id="tool", text="Which tool?", type="single_choice", options=TOOLS)
PICK_ONE = "Please pick one of the options."

SINGLE_CASES: list[tuple[str, Expected]] = [
    ("Slack", ok("Slack")),
    ("slack", ok("Slack")),
    ("SLACK", ok("Slack")),
    ("the second one", ok("Jira")),
    ("The 2nd one", ok("Jira")),
    ("2", ok("Jira")),
    ("2.", ok("Jira")),
    ("#2", ok("Jira")),
    ("number 2", ok("Jira")),
    ("number two", ok("Jira")),
    ("option b", ok("Jira")),
    ("Option B", ok("Jira")),
    ("B)", ok("Jira")),
    ("(b)", ok("Jira")),
    ("b", ok("Jira")),
    ("second", ok("Jira")),
    ("I'd go with the second option", ok("Jira")),
    ("the first", ok("Slack")),
    ("the last one", ok("Email")),
    ("slak", ok("Slack")),
    ("jria", ok("Jira")),
    ("emial", ok("Email")),
    ("E-mail", ok("Email")),
    ("emails", ok("Email")),
    ("we mostly use Slack for that", ok("Slack")),
    ("Slack’s huddles, mostly", ok("Slack")),
    ("our stack is mostly jira", ok("Jira")),
    ("Jira, definitely not Slack", ok("Jira")),
    ("not Slack, just Jira", ok("Jira")),
    ("we switched from Slack to Jira", ok("Jira")),
    ("jira 🙂", ok("Jira")),
    ("I'd go with email", ok("Email")),
    ("Slack and Jira", Problem("Please pick just one: Slack or Jira?")),
    ("mostly slack, sometimes email", Problem("Please pick just one: Slack or Email?")),
    ("I don't use any of those tools", Problem(PICK_ONE)),
    ("we have 2 teams", Problem(PICK_ONE)),  # a count, not option 2
    ("not slack", Problem(PICK_ONE)),
    ("we use Notion", Problem(PICK_ONE)),
    ("stack", Problem(PICK_ONE)),  # one wrong letter in a short word is not a typo
    ("black", Problem(PICK_ONE)),
    ("we lack a good tool", Problem(PICK_ONE)),
    ("maybe", Problem(PICK_ONE)),
    ("none", Problem(PICK_ONE)),
    ("all of them", Problem(PICK_ONE)),
    ("7", Problem("There's no option 7. " + PICK_ONE)),
    ("option e", Problem("There's no option e.")),
    ("option 7 please", Problem("There's no option 7.")),
    ("the fifth one", Problem("There's no option 5.")),
    ("", Problem("I didn't catch an answer — please pick from the options.")),
    ("🙂", Problem("I didn't catch an answer")),
]


@pytest.mark.parametrize(("text", "expected"), cases(SINGLE_CASES))
def test_single_choice(text: str, expected: Expected) -> None:
    check(SINGLE, text, expected)


SINGLE_OTHER = SingleChoice(
    id="tool", text="Which tool?", type="single_choice", options=TOOLS, allow_other=True
)
OR_INSTEAD = "Please pick one of the options, or tell me what it is instead."


@pytest.mark.parametrize(
    ("text", "expected"),
    cases(
        [
            ("slack", ok("Slack")),
            ("the second one", ok("Jira")),
            ("we use Notion", ok(OTHER, "we use Notion")),
            ("Notion", ok(OTHER, "Notion")),
            ("Other: Notion", ok(OTHER, "Notion")),
            ("other - Airtable", ok(OTHER, "Airtable")),
            ("none of those, we use Excel", ok(OTHER, "none of those, we use Excel")),
            ("other", Problem("Which other one? Please tell me its name.")),
            ("something else", Problem("Which other one?")),
            ("I don't use any of those tools", Problem(OR_INSTEAD)),
            ("I don't know", Problem(OR_INSTEAD)),
            ("Slack and Jira", Problem("Please pick just one: Slack or Jira?")),
            ("", Problem("I didn't catch an answer")),
        ]
    ),
)
def test_single_choice_with_other(text: str, expected: Expected) -> None:
    check(SINGLE_OTHER, text, expected)


PRODUCTS = SingleChoice(
    id="sheet",
    text="Which one?",
    type="single_choice",
    options=["Google Sheets", "Google Docs", "Microsoft Excel", "Notion"],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    cases(
        [
            ("google sheets", ok("Google Sheets")),
            ("GOOGLE SHEETS!!", ok("Google Sheets")),
            ("sheets", ok("Google Sheets")),
            ("gogle sheets", ok("Google Sheets")),
            ("sheets from google", ok("Google Sheets")),
            ("docs", ok("Google Docs")),
            ("excel", ok("Microsoft Excel")),
            ("excel spreadsheets", ok("Microsoft Excel")),
            ("microsoft", ok("Microsoft Excel")),
            ("notoin", ok("Notion")),
            ("option d", ok("Notion")),
            ("(c)", ok("Microsoft Excel")),
            ("the last one", ok("Notion")),
            ("google", Problem("Which one do you mean: Google Sheets or Google Docs?")),
            ("google for most things", Problem("Which one do you mean")),
            ("microsoft word", Problem(PICK_ONE)),  # a different product, not Excel
            ("motion", Problem(PICK_ONE)),
            ("google sheets but mostly notion", Problem("just one: Google Sheets or Notion?")),
        ]
    ),
)
def test_single_choice_multi_word_options(text: str, expected: Expected) -> None:
    check(PRODUCTS, text, expected)


PRODUCTS_OTHER = SingleChoice(
    id="sheet",
    text="Which one?",
    type="single_choice",
    options=["Google Sheets", "Microsoft Excel", "Notion"],
    allow_other=True,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    cases(
        [
            ("google", ok("Google Sheets")),  # the only Google option
            ("google for everything", ok("Google Sheets")),
            ("google docs", ok(OTHER, "google docs")),
            ("Microsoft Word", ok(OTHER, "Microsoft Word")),
            ("Airtable", ok(OTHER, "Airtable")),
        ]
    ),
)
def test_partial_names_with_other(text: str, expected: Expected) -> None:
    check(PRODUCTS_OTHER, text, expected)


SIZES = SingleChoice(
    id="size", text="How many people?", type="single_choice",
    options=["1-10", "11-50", "51-200", "200+"],
)  # fmt: skip
LIKERT = SingleChoice(
    id="sat", text="How satisfied?", type="single_choice",
    options=["Very satisfied", "Somewhat satisfied", "Not satisfied"],
)  # fmt: skip


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        (SIZES, "11-50", ok("11-50")),
        (SIZES, "2", ok("11-50")),  # option names that are numbers win over positions...
        (SIZES, "200+", ok("200+")),
        (SIZES, "1-10", ok("1-10")),
        (SIZES, "the first one", ok("1-10")),
        (SIZES, "about 30 people", Problem(PICK_ONE)),  # ...and a count is never a guess
        (LIKERT, "very satisfied", ok("Very satisfied")),
        (LIKERT, "somewhat", ok("Somewhat satisfied")),
        (LIKERT, "not satisfied", ok("Not satisfied")),  # "not" is part of the option here
        (LIKERT, "not at all satisfied", ok("Not satisfied")),
        (LIKERT, "the middle one", ok("Somewhat satisfied")),
        (
            LIKERT,
            "satisfied",
            Problem("Which one do you mean: Very satisfied, Somewhat satisfied or Not satisfied?"),
        ),
    ],
)
def test_single_choice_option_shapes(question: SingleChoice, text: str, expected: Expected) -> None:
    check(question, text, expected)


# -- multiple choice ---------------------------------------------------------------------------

MULTI = MultipleChoice(id="tools", text="Which tools?", type="multiple_choice", options=TOOLS)
ALL = ["Slack", "Jira", "Email"]

MULTI_CASES: list[tuple[str, Expected]] = [
    ("Slack and Jira", ok(["Slack", "Jira"])),
    ("jira and slack", ok(["Slack", "Jira"])),  # stored in option order
    ("Slack & Jira", ok(["Slack", "Jira"])),
    ("Slack + Jira", ok(["Slack", "Jira"])),
    ("slack/jira", ok(["Slack", "Jira"])),
    ("Slack\nJira", ok(["Slack", "Jira"])),
    ("jira", ok(["Jira"])),
    ("all of them", ok(ALL)),
    ("All of the above", ok(ALL)),
    ("all", ok(ALL)),
    ("everything", ok(ALL)),
    ("all three", ok(ALL)),
    ("we use all of those tools", ok(ALL)),
    ("everything except email", ok(["Slack", "Jira"])),
    ("all but email", ok(["Slack", "Jira"])),
    ("all of them apart from email", ok(["Slack", "Jira"])),
    ("not Slack, just Jira", ok(["Jira"])),
    ("Jira, not Slack", ok(["Jira"])),
    ("neither slack nor jira, only email", ok(["Email"])),
    ("we switched from Slack to Email", ok(["Email"])),
    ("apart from Slack we use Jira", ok(["Slack", "Jira"])),  # "apart from" adds here
    ("not only slack but also jira", ok(["Slack", "Jira"])),
    ("we use slack, jira and email daily", ok(ALL)),
    ("1 and 3", ok(["Slack", "Email"])),
    ("1, 3", ok(["Slack", "Email"])),
    ("1,3", ok(["Slack", "Email"])),
    ("a and c", ok(["Slack", "Email"])),
    ("first and third", ok(["Slack", "Email"])),
    ("options 1 and 2", ok(["Slack", "Jira"])),
    ("slak and emial", ok(["Slack", "Email"])),
    ("none", Problem("Please pick at least one of the options.")),
    ("I don't use any of those tools", Problem("Please pick at least one")),
    ("we use Notion", Problem("Please pick one or more of the options.")),
    ("we have 2 teams", Problem("Please pick one or more")),
    ("1 and 5", Problem("There's no option 5.")),
    ("", Problem("I didn't catch an answer")),
]


@pytest.mark.parametrize(("text", "expected"), cases(MULTI_CASES))
def test_multiple_choice(text: str, expected: Expected) -> None:
    check(MULTI, text, expected)


MULTI_ANY = MultipleChoice(
    id="tools", text="Which tools?", type="multiple_choice", options=TOOLS, min_selections=0
)


@pytest.mark.parametrize(
    ("text", "expected"),
    cases(
        [
            ("none", ok([])),
            ("None of them", ok([])),
            ("nothing", ok([])),
            ("neither", ok([])),
            ("no", ok([])),
            ("I don't use any of those tools", ok([])),
            ("not slack, not jira, not email", ok([])),
            ("Slack", ok(["Slack"])),
            ("none except Slack", ok(["Slack"])),
            ("we use Notion", Problem("Please pick one or more of the options.")),
        ]
    ),
)
def test_multiple_choice_none_allowed(text: str, expected: Expected) -> None:
    check(MULTI_ANY, text, expected)


MULTI_TWO = MultipleChoice(
    id="tools", text="Pick two", type="multiple_choice", options=TOOLS,
    min_selections=2, max_selections=2,
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    cases(
        [
            ("Slack and Jira", ok(["Slack", "Jira"])),
            ("all except jira", ok(["Slack", "Email"])),
            ("Slack", Problem("Please pick at least 2 — you picked Slack.")),
            ("all of them", Problem("Please pick at most 2 — you picked Slack, Jira and Email.")),
            ("none", Problem("Please pick at least 2 of the options.")),
            ("Notion", Problem("Please pick exactly 2 of the options.")),
        ]
    ),
)
def test_multiple_choice_limits(text: str, expected: Expected) -> None:
    check(MULTI_TWO, text, expected)


MULTI_OTHER = MultipleChoice(
    id="tools", text="Which tools?", type="multiple_choice", options=TOOLS,
    allow_other=True, max_selections=3,
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    cases(
        [
            (
                "Slack, Jira and a homegrown wiki",
                ok(["Slack", "Jira", OTHER], "a homegrown wiki"),
            ),
            ("Slack plus we built our own bot", ok(["Slack", OTHER], "we built our own bot")),
            ("Notion", ok([OTHER], "Notion")),
            ("other: Notion", ok([OTHER], "Notion")),
            ("Slack, because it is fast", ok(["Slack"])),  # a reason, not another tool
            ("Slack, it's great", ok(["Slack"])),
            ("Slack, mostly", ok(["Slack"])),
            (
                "Slack, Jira, Email and Notion",
                Problem("Please pick at most 3 — you picked Slack, Jira, Email and Other."),
            ),
        ]
    ),
)
def test_multiple_choice_with_other(text: str, expected: Expected) -> None:
    check(MULTI_OTHER, text, expected)


# -- ranking -----------------------------------------------------------------------------------

RANKING = Ranking(id="rank", text="Rank them", type="ranking", items=TOOLS)
JSE = ["Jira", "Slack", "Email"]

RANKING_CASES: list[tuple[str, Expected]] = [
    ("Jira first, then Slack", ok(JSE)),  # all but one named: the last is inferred
    ("1. Jira 2. Slack 3. Email", ok(JSE)),
    ("1. Jira\n2. Slack\n3. Email", ok(JSE)),
    ("1) Jira 2) Slack 3) Email", ok(JSE)),
    ("1️⃣ Jira 2️⃣ Slack 3️⃣ Email", ok(JSE)),
    ("Slack > Jira > Email", ok(["Slack", "Jira", "Email"])),
    ("Jira → Slack → Email", ok(JSE)),
    ("jira, slack, email", ok(JSE)),
    ("JIRA then slak then e-mail", ok(JSE)),
    ("2, 1, 3", ok(JSE)),  # item numbers
    ("2 1 3", ok(JSE)),
    ("b, a, c", ok(JSE)),
    ("Email < Slack < Jira", ok(JSE)),  # worst first, reversed
    ("Slack second, Jira first", ok(JSE)),
    ("Jira first, email last", ok(JSE)),
    ("email last, jira first", ok(JSE)),
    ("first Jira, then Slack, then Email", ok(JSE)),
    ("Jira is the best, then email because email is ok", ok(["Jira", "Email", "Slack"])),
    ("Jira, Slack, not email", ok(JSE)),
    ("Jira", Problem("Please rank all 3, best first — where do Slack and Email go?")),
    ("jira, slack, jira", Problem("You listed Jira twice — please name each once.")),
    ("1, 1, 2", Problem("You listed Slack twice")),
    ("Jira first, Slack first", Problem("You put both Jira and Slack in place 1")),
    ("all of them equally", Problem("Please put them in order, best first.")),
    ("4, 1, 2", Problem("There's no item 4.")),
    ("I don't use any of those", Problem("Please rank all 3, best first.")),
    ("", Problem("I didn't catch an answer — please put the items in order, best first.")),
]


@pytest.mark.parametrize(("text", "expected"), cases(RANKING_CASES))
def test_ranking(text: str, expected: Expected) -> None:
    check(RANKING, text, expected)


TOP_TWO = Ranking(id="rank", text="Top two?", type="ranking", items=TOOLS, top_k=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    cases(
        [
            ("Jira, Slack", ok(["Jira", "Slack"])),
            ("jira, slack, email", ok(["Jira", "Slack"])),  # their own top two
            ("Slack second, Jira first", ok(["Jira", "Slack"])),
            ("3, 1", ok(["Email", "Slack"])),
            ("jira", Problem("Please name your top 2, best first — you named Jira.")),
            ("Email first", Problem("Please name your top 2")),  # no inference below top_k
        ]
    ),
)
def test_ranking_top_k(text: str, expected: Expected) -> None:
    check(TOP_TWO, text, expected)


FOUR = Ranking(
    id="rank", text="Rank", type="ranking", items=["Price", "Speed", "Support", "Integrations"]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    cases(
        [
            ("speed, price, support", ok(["Speed", "Price", "Support", "Integrations"])),
            ("speed first, price last", Problem("where do Support and Integrations go?")),
            (
                "integratoins > speed > price > support",
                ok(["Integrations", "Speed", "Price", "Support"]),
            ),
        ]
    ),
)
def test_ranking_four_items(text: str, expected: Expected) -> None:
    check(FOUR, text, expected)


# -- hints and contracts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        (SCALE, "1 (Not at all) … 10 (Extremely)"),
        (FIVE, "1 … 5"),
        (YES_NO, "yes or no"),
        (SINGLE, "1) Slack  2) Jira  3) Email"),
        (SINGLE_OTHER, "1) Slack  2) Jira  3) Email  or something else (tell me what)"),
        (MULTI, "1) Slack  2) Jira  3) Email"),
        (RANKING, "1) Slack  2) Jira  3) Email"),
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


ALL_TABLES: list[tuple[ClosedQuestion, list[tuple[str, Expected]]]] = [
    (SCALE, SCALE_CASES),
    (YES_NO, YES_NO_CASES),
    (SINGLE, SINGLE_CASES),
    (MULTI, MULTI_CASES),
    (RANKING, RANKING_CASES),
]


def test_every_value_is_valid_for_its_question() -> None:
    """Whatever the text, a returned value has the stored type and honours the schema."""
    checked = 0
    for question, table in ALL_TABLES:
        for text, _ in table:
            value = parse_answer(question, text).value
            if value is None:
                continue
            checked += 1
            if isinstance(question, Scale):
                assert type(value) is int and question.min <= value <= question.max
            elif isinstance(question, YesNo):
                assert type(value) is bool
            elif isinstance(question, SingleChoice):
                assert value in question.options
            elif isinstance(question, MultipleChoice):
                assert isinstance(value, list)
                assert value == [o for o in question.options if o in value]
                assert len(value) >= question.min_selections
            else:
                assert isinstance(value, list) and len(value) == question.rank_count
                assert len(set(value)) == len(value) and set(value) <= set(question.items)
    assert checked > 100


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
