"""The study format itself: example studies, the init template, the summary, conditions, docs."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from interviewer import study as schema
from interviewer.study import (
    QUESTION_TYPES,
    AnswerValue,
    Condition,
    OpenEnded,
)
from interviewer.study.authoring import estimate_minutes, render_template, summary, write_template
from interviewer.study.file import load_study, load_study_text

ROOT = Path(__file__).resolve().parent.parent
STUDIES = sorted((ROOT / "studies").glob("*.yaml"))

# -- example studies ------------------------------------------------------------------------

MOM_TEST_RED_FLAGS = re.compile(
    r"\b(would you|will you|do you think|imagine|how likely|in the future|if you could)\b",
    re.IGNORECASE,
)


def test_there_are_example_studies() -> None:
    assert {p.name for p in STUDIES} >= {"invoice-approvals.yaml", "weekly-meal-planning.yaml"}


@pytest.mark.parametrize("path", STUDIES, ids=lambda p: p.name)
def test_example_study_loads_and_shows_the_whole_format(path: Path) -> None:
    study = load_study(path)
    assert path.name == f"{study.id}.yaml"
    assert {q.type for q in study.questions} == set(QUESTION_TYPES)
    assert any(q.show_if for q in study.questions)
    assert any(getattr(q, "disqualify_if", None) for q in study.questions)
    assert 2 <= len(study.hypotheses) <= 3
    assert study.intro and study.audience and study.moderator.time_budget_minutes
    assert estimate_minutes(study) <= study.moderator.time_budget_minutes
    for question in study.questions:
        assert not MOM_TEST_RED_FLAGS.search(question.text), question.id
        if isinstance(question, OpenEnded):
            assert question.goal, question.id
            assert 1 <= len(question.probes) <= 2, question.id
            assert not any(MOM_TEST_RED_FLAGS.search(p) for p in question.probes), question.id


# -- the init template ----------------------------------------------------------------------

TOPICS = [
    None,
    "",
    "invoice approvals",
    'pricing: the "real" cost',
    "🍝 weekly meal planning 🥦",
    "#tags & *stars: [lists] {maps} | pipes > arrows %",
    "it's 'quoted' \\ with a backslash",
    "  spread\nover\tlines  ",
    "bell\x07 and an undecodable byte \udcff from a terminal",
    "x" * 300,
]


@pytest.mark.parametrize("topic", TOPICS)
def test_template_validates_for_any_topic(topic: str | None) -> None:
    study = load_study_text(render_template(topic), "template.yaml")
    shown = " ".join((topic or "").split()).replace("\x07", "").replace("\udcff", "")
    shown = shown or "the problem you're researching"
    assert study.title == f"Customer interviews: {shown}"
    assert shown in study.consent
    assert re.fullmatch(r"[a-z][a-z0-9-]{0,63}", study.id)


def test_template_is_a_mom_test_script() -> None:
    text = render_template("expense reports")
    study = load_study_text(text)
    open_questions = [q for q in study.questions if isinstance(q, OpenEnded)]
    assert [q.id for q in open_questions] == [
        "role", "last_time", "hardest", "why_hard", "what_done", "dislikes", "cost", "who_else",
    ]  # fmt: skip
    for question in open_questions:
        assert question.goal and 1 <= len(question.probes) <= 2, question.id
        assert not any(MOM_TEST_RED_FLAGS.search(p) for p in [question.text, *question.probes])
    assert {q.type for q in study.questions} == set(QUESTION_TYPES)
    assert study.question("dislikes").show_if is not None
    assert study.questions[0].type == "yes_no" and study.questions[0].disqualify_if is not None
    assert study.id == "expense-reports"
    assert text.count("\n#") >= 10, "the template should teach through YAML comments"
    assert estimate_minutes(study) <= (study.moderator.time_budget_minutes or 0)


def test_write_template_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "study.yaml"
    assert write_template(target, "onboarding") == target
    assert load_study(target).id == "onboarding"
    with pytest.raises(FileExistsError) as caught:
        write_template(target, "something else")
    assert str(caught.value) == (
        f"{target} already exists; pass --force to overwrite it, or choose another path"
    )
    assert load_study(target).id == "onboarding"
    write_template(target, "something else", force=True)
    assert load_study(target).id == "something-else"


# -- summary --------------------------------------------------------------------------------


def test_summary_of_a_small_study() -> None:
    study = load_study_text(
        textwrap.dedent("""\
        id: pilot
        title: Pilot study
        decision: Whether to run a bigger round
        hypotheses: [{id: h1, text: People care}]
        consent: OK?
        moderator: {max_follow_ups: 1, time_budget_minutes: 5}
        questions:
          - {id: fit, type: yes_no, text: "Did you do it?", disqualify_if: {equals: false}}
          - {id: story, type: open_ended, text: Tell me about it, goal: learn, probes: ["When?"]}
          - id: rate
            type: scale
            text: "How bad?"
            why: "Why {answer}?"
            show_if: {question: fit, equals: true}
          - {id: pick, type: multiple_choice, text: "Which?", options: [A, B, C]}
          - {id: order, type: ranking, text: Order them, items: [A, B, C], top_k: 2}
        """)
    )
    assert summary(study).splitlines() == [
        "Pilot study  (id: pilot, language: en)",
        "Decision:   Whether to run a bigger round",
        "Hypotheses: 1  [h1]",
        "Audience:   (not set)",
        "Moderator:  up to 1 follow-ups per open question, target depth 4/5, Mom Test rules on, "
        "5-minute budget",
        "Questions (5):",
        "   1. fit    yes_no | screener: out if equals false",
        "   2. story  open_ended, 1 probe + goal",
        "   3. rate   scale 1–5 + why | if fit equals true",
        "   4. pick   multiple_choice, 3 options",
        "   5. order  ranking, top 2 of 3",
        "Estimated duration: up to about 8 min — over the 5-minute budget; cut questions or lower "
        "max_follow_ups",
    ]


@pytest.mark.parametrize("path", STUDIES, ids=lambda p: p.name)
def test_summary_lists_every_question(path: Path) -> None:
    study = load_study(path)
    text = summary(study)
    assert len(text.splitlines()) <= 30, "one screen"
    for number, question in enumerate(study.questions, 1):
        assert re.search(rf"^\s+{number}\. {question.id}\s+{question.type}", text, re.M)


# -- condition semantics --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "value", "holds"),
    [
        ({"equals": "Weekly"}, "weekly ", True),
        ({"equals": "Weekly"}, "Daily", False),
        ({"equals": True}, True, True),
        ({"equals": True}, 1, False),  # a yes is not the number 1
        ({"equals": 3}, 3, True),
        ({"equals": 3}, True, False),
        ({"not_equals": "Daily"}, "Weekly", True),
        ({"not_equals": "Daily"}, "DAILY", False),
        ({"not_equals": False}, True, True),
        ({"in": ["A", "B"]}, "b", True),
        ({"in": ["A", "B"]}, "C", False),
        ({"in": [1, 2]}, 2, True),
        ({"not_in": ["A", "B"]}, "C", True),
        ({"not_in": ["A", "B"]}, "a", False),
        ({"includes": "Email"}, ["Chat", "email"], True),
        ({"includes": "Email"}, ["Chat"], False),
        ({"includes": "Email"}, "Email", False),  # not a list answer
        ({"excludes": "Nothing yet"}, ["A spreadsheet"], True),
        ({"excludes": "Nothing yet"}, ["nothing yet"], False),
        ({"excludes": "Nothing yet"}, "A spreadsheet", False),
        ({"gte": 4}, 4, True),
        ({"gte": 4}, 3, False),
        ({"gte": 1}, True, False),  # booleans are not numbers here
        ({"gte": 1}, "5", False),
        ({"lte": 2}, 2, True),
        ({"lte": 2}, 3, False),
        ({"equals": "x"}, None, False),  # unanswered passes nothing…
        ({"not_equals": "x"}, None, False),  # …not even a negation
        ({"excludes": "x"}, None, False),
    ],
)
def test_condition_holds(condition: dict[str, Any], value: AnswerValue | None, holds: bool) -> None:
    parsed = Condition.model_validate(condition)
    assert parsed.holds(value) is holds
    assert parsed.operator_key == next(iter(condition))


QUESTIONS: dict[str, dict[str, Any]] = {
    "scale": {"id": "s", "type": "scale", "text": "How much?", "min": 0, "max": 10},
    "yes_no": {"id": "y", "type": "yes_no", "text": "Did you?"},
    "single": {"id": "c", "type": "single_choice", "text": "Which?", "options": ["Day", "Week"]},
    "other": {"id": "o", "type": "single_choice", "text": "Which?", "options": ["A"]}
    | {"allow_other": True},
    "multi": {"id": "m", "type": "multiple_choice", "text": "Which?", "options": ["A", "B"]},
    "ranking": {"id": "r", "type": "ranking", "text": "Order", "items": ["X", "Y", "Z"]},
    "open": {"id": "t", "type": "open_ended", "text": "Tell me"},
}
OFF_SCALE = "is not on the 0–10 scale of 's'; use a whole number from 0 to 10"
COPY = "copy it exactly as written there"


@pytest.mark.parametrize(
    ("question", "condition", "problem"),
    [
        ("scale", {"gte": 7}, None),
        ("scale", {"in": [0, 10]}, None),
        ("scale", {"lte": 11}, f"11 {OFF_SCALE}"),
        ("scale", {"equals": "7"}, f"'7' {OFF_SCALE}"),
        (
            "scale",
            {"includes": "7"},
            "'includes' cannot test a scale answer; use equals or not_equals or in or not_in or "
            "gte or lte",
        ),
        ("yes_no", {"not_equals": False}, None),
        ("yes_no", {"gte": 1}, "'gte' cannot test a yes_no answer; use equals or not_equals"),
        ("single", {"not_in": ["week "]}, None),
        (
            "single",
            {"equals": "Month"},
            f"'Month' is not one of the choices of 'c' (Day, Week); {COPY}",
        ),
        ("other", {"equals": "Other"}, None),
        ("other", {"equals": 3}, f"3 is not one of the choices of 'o' (A); {COPY}"),
        ("multi", {"excludes": "b"}, None),
        (
            "multi",
            {"in": ["A"]},
            "'in' cannot test a multiple_choice answer; use includes or excludes",
        ),
        ("ranking", {"includes": "Y"}, None),
        ("ranking", {"includes": "W"}, f"'W' is not one of the choices of 'r' (X, Y, Z); {COPY}"),
        (
            "open",
            {"equals": "x"},
            "'t' is an open-ended question, so its answer has no value to test; base this "
            "condition on a scale, choice, ranking or yes_no question",
        ),
    ],
)
def test_condition_mismatch(question: str, condition: dict[str, Any], problem: str | None) -> None:
    target = TypeAdapter(schema.Question).validate_python(QUESTIONS[question])
    assert Condition.model_validate(condition).mismatch(target) == problem


@pytest.mark.parametrize("condition", [{}, {"equals": 1, "gte": 1}])
def test_condition_needs_exactly_one_operator(condition: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="a condition needs exactly one of"):
        Condition.model_validate(condition)


# -- documentation --------------------------------------------------------------------------

DOC = (ROOT / "docs" / "study-format.md").read_text(encoding="utf-8")


def _schema_keys() -> set[str]:
    models = [
        model
        for model in vars(schema).values()
        if isinstance(model, type) and issubclass(model, BaseModel) and model is not schema.Strict
    ]
    return {field.alias or name for m in models for name, field in m.model_fields.items()}


def _keys_used(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for value in data.values() for k in _keys_used(value)}
    if isinstance(data, list):
        return {k for value in data for k in _keys_used(value)}
    return set()


def test_documented_full_example_validates_and_uses_every_key() -> None:
    example = re.search(r"```yaml\n(.*?)```", DOC, re.S)
    assert example is not None
    study = load_study_text(example.group(1), "docs/study-format.md")
    assert {q.type for q in study.questions} == set(QUESTION_TYPES)
    unused = _schema_keys() - _keys_used(yaml.safe_load(example.group(1)))
    assert unused == {"in", "not_in", "excludes", "gte", "lte"}  # listed under Conditions


def test_every_schema_key_is_documented() -> None:
    keys = _schema_keys()
    undocumented = sorted(k for k in keys if f"`{k}`" not in DOC and f"{k}:" not in DOC)
    assert undocumented == []
