"""parse_answer for single choice, multiple choice and ranking (tables as in test_parsing.py).

Options are found by name (any case, typos, partial names, inside sentences), by number,
letter or position, as "all"/"none", and with negation; "Other", selection limits and top_k are
checked for every shape they come in.
"""

from __future__ import annotations

import pytest

from interviewer.parsing import OTHER, parse_answer
from interviewer.parsing.result import ClosedQuestion
from interviewer.study import MultipleChoice, Ranking, Scale, SingleChoice, YesNo
from tests.test_parsing import (
    SCALE,
    SCALE_CASES,
    TOOLS,
    YES_NO,
    YES_NO_CASES,
    Expected,
    Problem,
    cases,
    check,
    ok,
)

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
    ("#3", ok("Email")),
    ("C.", ok("Email")),
    ("A", ok("Slack")),
    ("Definitely Slack", ok("Slack")),
    ("Slack Slack Slack", ok("Slack")),
    ("Jira? Jira.", ok("Jira")),
    ("email (outlook)", ok("Email")),
    ("slak", ok("Slack")),
    ("slackk", ok("Slack")),
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
    ("slack — no wait, jira", Problem("Please pick just one: Slack or Jira?")),
    ("i", Problem(PICK_ONE)),  # the pronoun, not option i
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
        (SIZES, "about 30 people", ok("11-50")),  # ...and a stated count picks its range
        (SIZES, "about 200 people", Problem("Which one do you mean: 51-200 or 200+?")),
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
    ("Slack and email, not Jira", ok(["Slack", "Email"])),
    ("We don't use Jira anymore, mainly Slack", ok(["Slack"])),
    ("none of those except Slack", ok(["Slack"])),
    ("nothing but slack", ok(["Slack"])),
    ("Everything but Jira and Email", ok(["Slack"])),
    ("all except 2", ok(["Slack", "Email"])),
    ("both Slack and Jira", ok(["Slack", "Jira"])),
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
    ("first: Jira, second: Slack, third: Email", ok(JSE)),
    ("Jira first Slack second", ok(JSE)),
    ("Jira #1, Slack #2", ok(JSE)),
    ("#1 Jira #2 Slack #3 Email", ok(JSE)),
    ("#2, #1, #3", ok(JSE)),
    ("Email 3rd, Jira 1st, Slack 2nd", ok(JSE)),
    ("1: Email 2: Jira 3: Slack", ok(["Email", "Jira", "Slack"])),
    ("3 2 1", ok(["Email", "Jira", "Slack"])),
    ("Slack is my favourite, then Jira", ok(["Slack", "Jira", "Email"])),
    ("Jira is the best, then email because email is ok", ok(["Jira", "Email", "Slack"])),
    ("Jira, Slack, not email", ok(JSE)),
    ("Jira", Problem("Please rank all 3, best first — where do Slack and Email go?")),
    ("Email is the worst", Problem("where do Slack and Jira go?")),
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
