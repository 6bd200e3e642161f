"""Study files: the schema, line:col problem reports, example studies, the init template."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from interviewer import study as schema
from interviewer.authoring import estimate_minutes, render_template, summary, write_template
from interviewer.study import (
    QUESTION_TYPES,
    AnswerValue,
    Condition,
    LocatedError,
    OpenEnded,
    Study,
)
from interviewer.studyfile import Problem, StudyFileError, load_study, load_study_text

ROOT = Path(__file__).resolve().parent.parent
STUDIES = sorted((ROOT / "studies").glob("*.yaml"))

HEAD = """\
id: s1
title: A study
decision: Whether to build it
consent: Is that OK?
questions:
"""
SCALE = """\
  - id: q1
    type: scale
    text: How much?
"""
TYPES = ", ".join(QUESTION_TYPES)


def problems(text: str) -> list[str]:
    """Every problem reported for ``text`` (which must be invalid), as printed."""
    with pytest.raises(StudyFileError) as caught:
        load_study_text(textwrap.dedent(text), "s.yaml")
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


# -- problems are reported at the offending key or value -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            HEAD + SCALE + "    lables: x\n",
            "s.yaml:9:5: question 'q1': unknown key 'lables'; allowed keys here: id, text, "
            "show_if, allow_skip, why, disqualify_if, min, max, min_label, max_label, nps",
            id="unknown-key-in-question",
        ),
        pytest.param(
            HEAD + SCALE + "    scale: 3\n",
            "s.yaml:9:5: question 'q1': unknown key 'scale'; allowed keys here: id, text, "
            "show_if, allow_skip, why, disqualify_if, min, max, min_label, max_label, nps",
            id="unknown-key-named-like-the-type",
        ),
        pytest.param(
            "bogus: 1\n" + HEAD + SCALE,
            "s.yaml:1:1: unknown key 'bogus' at the top level; allowed keys here: id, title, "
            "decision, hypotheses, audience, language, moderator, consent, intro, outro, "
            "messages, questions",
            id="unknown-key-at-top-level",
        ),
        pytest.param(
            HEAD + SCALE + "moderator:\n  max_folow_ups: 3\n",
            "s.yaml:10:3: unknown key 'max_folow_ups' in moderator; did you mean 'max_follow_ups'?",
            id="typo-suggestion",
        ),
        pytest.param(
            HEAD + SCALE + "moderator: {target_depth: 9}\n",
            "s.yaml:9:27: moderator.target_depth should be at most 5 (got 9)",
            id="out-of-range-value",
        ),
        pytest.param(
            HEAD + SCALE + "    min: 1.5\n",
            "s.yaml:9:10: question 'q1': min should be a whole number, not the number 1.5",
            id="fractional-number",
        ),
        pytest.param(
            HEAD.replace("consent: Is that OK?\n", "") + SCALE,
            "s.yaml:1:1: missing required key 'consent'; add `consent: …` — shown before any "
            "question; the respondent must agree to continue",
            id="missing-top-level-key",
        ),
        pytest.param(
            HEAD + "  - id: q1\n    type: yes_no\n",
            "s.yaml:6:5: question 'q1': missing required key 'text'; add `text: …` — asked "
            "verbatim: the researcher's wording is never rewritten",
            id="missing-key-in-question",
        ),
        pytest.param(
            HEAD + "  - id: q1\n    text: How much?\n",
            f"s.yaml:6:5: question 'q1': missing required key 'type'; add `type:` with one of: "
            f"{TYPES}",
            id="missing-type",
        ),
        pytest.param(
            HEAD + "  - id: q1\n    type: open\n    text: Tell me more\n",
            f"s.yaml:7:11: question 'q1': unknown question type 'open'; did you mean "
            f"'open_ended'? use one of: {TYPES}",
            id="unknown-type",
        ),
        pytest.param(
            HEAD + SCALE + "    min: 5\n    max: 3\n",
            "s.yaml:10:10: question 'q1': scale max (3) must be greater than min (5); fix one "
            "of them",
            id="scale-min-not-below-max",
        ),
        pytest.param(
            HEAD + SCALE + "    nps: true\n",
            "s.yaml:9:10: question 'q1': an nps scale must run from 0 to 10: set min: 0 and "
            "max: 10",
            id="nps-range",
        ),
        pytest.param(
            HEAD + "  - id: q1\n    type: single_choice\n    text: Which?\n    options: []\n",
            "s.yaml:9:14: question 'q1': options must list at least one entry, e.g. "
            "[First, Second]",
            id="empty-options",
        ),
        pytest.param(
            HEAD + "  - id: q1\n    type: multiple_choice\n    text: Which?\n"
            "    options: [Email, Chat, email]\n",
            "s.yaml:9:28: question 'q1': options lists 'email' twice; remove one",
            id="duplicate-option-points-at-entry",
        ),
        pytest.param(
            HEAD + "  - id: q1\n    type: multiple_choice\n    text: Which?\n"
            "    options: [a, b]\n    max_selections: 3\n",
            "s.yaml:10:21: question 'q1': max_selections (3) exceeds the 2 options; lower it",
            id="model-validator-narrowed-to-key",
        ),
        pytest.param(
            HEAD + "  - id: q1\n    type: ranking\n    text: Order these\n    items: [a, b]\n"
            "    top_k: 3\n",
            "s.yaml:10:12: question 'q1': top_k (3) exceeds the 2 items; lower it or add items",
            id="ranking-top-k",
        ),
        pytest.param(
            HEAD.replace("questions:\n", "questions: []\n"),
            "s.yaml:5:12: questions needs at least 1 entry; add one",
            id="no-questions",
        ),
        pytest.param(
            HEAD.replace("title: A study", "title: yes") + SCALE,
            "s.yaml:2:8: title should be text, not true (a boolean); YAML reads "
            "yes/no/on/off/true/false as booleans, so put it in quotes",
            id="yaml-boolean-as-text",
        ),
        pytest.param(
            HEAD + SCALE + "language: no\n",
            "s.yaml:9:11: language should be text, not false (a boolean); YAML reads "
            "yes/no/on/off/true/false as booleans, so put it in quotes",
            id="norway-problem",
        ),
        pytest.param(
            HEAD + SCALE + "language: english\n",
            "s.yaml:9:11: language 'english' is not a language code; use one like en, de or pt-BR",
            id="language-code",
        ),
        pytest.param(
            HEAD.replace("consent: Is that OK?", "consent: 42") + SCALE,
            "s.yaml:4:10: consent should be text, not the number 42; put it in quotes to make "
            "it text",
            id="number-as-text",
        ),
        pytest.param(
            HEAD.replace("title: A study", "title:") + SCALE,
            "s.yaml:2:7: title is empty; write a value after the colon, or remove the key",
            id="empty-value",
        ),
        pytest.param(
            HEAD.replace("id: s1", "id: my study") + SCALE,
            "s.yaml:1:5: id 'my study' is not a valid id; use letters, digits, '_' or '-', "
            "starting with a letter, at most 64 characters",
            id="bad-identifier",
        ),
        pytest.param(
            HEAD + SCALE + "  - just a sentence\n",
            "s.yaml:9:5: question 2: this entry should be a mapping of `key: value` lines, not "
            "the text 'just a sentence'",
            id="question-not-a-mapping",
        ),
        pytest.param(
            HEAD + SCALE + "  - id: q2\n    type: yes_no\n    text: Again?\n"
            "    show_if: {question: q1, equals: {a: 1}}\n",
            "s.yaml:12:37: question 'q2': show_if.equals should be a whole number, true or "
            "false, text or a list, not a mapping",
            id="union-errors-merged",
        ),
        pytest.param(
            HEAD + SCALE + "  - id: q2\n    type: yes_no\n    text: Again?\n"
            "    show_if: {question: q1}\n",
            "s.yaml:12:14: question 'q2': a condition needs exactly one of: equals, "
            "not_equals, in, not_in, includes, excludes, gte, lte (found 0)",
            id="condition-without-operator",
        ),
        pytest.param(
            HEAD + SCALE + "12: twelve\n",
            "s.yaml:9:1: key 12 should be text; write it as a plain word",
            id="number-as-key",
        ),
        pytest.param(
            HEAD + SCALE + "hypotheses:\n  - {id: h1, text: One belief}\n"
            "  - {id: h1, text: Another belief}\n",
            "s.yaml:11:10: hypothesis 'h1': duplicate hypothesis id 'h1' (hypothesis 1 uses it "
            "too); give each hypothesis its own id",
            id="duplicate-hypothesis-id",
        ),
    ],
)
def test_schema_problem_is_reported_at_its_line_and_column(text: str, expected: str) -> None:
    assert problems(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            HEAD + SCALE + "  - id: q1\n    type: yes_no\n    text: Again?\n",
            "s.yaml:9:9: question 'q1': duplicate question id 'q1' (question 1 uses it too); "
            "give each question its own id",
            id="duplicate-question-id",
        ),
        pytest.param(
            HEAD
            + SCALE.replace("How much?\n", "How much?\n    show_if: {question: q2, equals: true}\n")
            + "  - id: q2\n    type: yes_no\n"
            "    text: Again?\n",
            "s.yaml:9:25: question 'q1': show_if refers to 'q2', which is asked later; a "
            "question can only depend on answers given before it (earlier: none)",
            id="show-if-later",
        ),
        pytest.param(
            HEAD + SCALE + "  - id: q2\n    type: yes_no\n    text: Again?\n"
            "    show_if:\n      question: nope\n      gte: 3\n",
            "s.yaml:13:17: question 'q2': show_if refers to unknown question 'nope'; use the "
            "id of an earlier question (earlier: q1)",
            id="show-if-unknown",
        ),
        pytest.param(
            HEAD + SCALE + "  - id: q2\n    type: yes_no\n    text: Again?\n"
            "    show_if: {question: q2, equals: true}\n",
            "s.yaml:12:25: question 'q2': show_if refers to this question itself; a question "
            "can only depend on answers given before it (earlier: q1)",
            id="show-if-itself",
        ),
        pytest.param(
            HEAD + "  - {id: a, type: open_ended, text: Tell me}\n"
            "  - {id: b, type: yes_no, text: Really, show_if: {question: a, equals: x}}\n",
            "s.yaml:7:72: question 'b': 'a' is an open-ended question, so its answer has no "
            "value to test; base this condition on a scale, choice, ranking or yes_no question",
            id="show-if-on-open-question",
        ),
        pytest.param(
            HEAD + SCALE + "  - id: q2\n    type: yes_no\n    text: Again?\n"
            "    show_if: {question: q1, gte: 7}\n",
            "s.yaml:12:34: question 'q2': 7 is not on the 1–5 scale of 'q1'; use a whole "
            "number from 1 to 5",
            id="show-if-off-the-scale",
        ),
        pytest.param(
            HEAD + "  - {id: c, type: single_choice, text: How often, options: [Daily, Weekly]}\n"
            "  - {id: d, type: yes_no, text: Really, show_if: {question: c, in: [weekly, "
            "Monthly]}}\n",
            "s.yaml:7:68: question 'd': 'Monthly' is not one of the choices of 'c' (Daily, "
            "Weekly); copy it exactly as written there",
            id="show-if-option-typo",
        ),
        pytest.param(
            HEAD + "  - {id: m, type: multiple_choice, text: Which ones, options: [A, B]}\n"
            "  - {id: n, type: yes_no, text: Really, show_if: {question: m, equals: A}}\n",
            "s.yaml:7:72: question 'n': 'equals' cannot test a multiple_choice answer; use "
            "includes or excludes",
            id="show-if-wrong-operator",
        ),
        pytest.param(
            HEAD + "  - {id: y, type: yes_no, text: Really, disqualify_if: {equals: 'no'}}\n",
            "s.yaml:6:65: question 'y': yes_no answers are true or false, not 'no'; write true "
            "or false unquoted",
            id="screener-on-wrong-value",
        ),
    ],
)
def test_study_level_problem_is_reported_at_the_offending_question(
    text: str, expected: str
) -> None:
    assert problems(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            HEAD + "  - id: q2\n    text: Why: because\n",
            "s.yaml:7:14: invalid YAML: mapping values are not allowed here; a text that "
            "contains ': ' must be put in quotes",
            id="unquoted-colon",
        ),
        pytest.param(
            HEAD + "\t- id: x\n",
            "s.yaml:6:1: invalid YAML: found character '\\t' that cannot start any token; "
            "indent with spaces; YAML does not allow tabs",
            id="tab",
        ),
        pytest.param(
            HEAD + '  - id: "q2\n',
            "s.yaml:7:1: invalid YAML: found unexpected end of stream; a quoted text is missing "
            "its closing quote",
            id="unclosed-quote",
        ),
        pytest.param(
            HEAD + SCALE + "---\nid: x\n",
            "s.yaml:9:1: invalid YAML: expected a single document in the stream, but found "
            "another document; a study file holds one document; remove the extra '---'",
            id="two-documents",
        ),
        pytest.param(
            HEAD + SCALE + "intro: \x07\n",
            "s.yaml:9:8: invalid YAML: control character U+0007 is not allowed; delete it",
            id="control-character",
        ),
        pytest.param(
            HEAD + SCALE + "intro: *note this\n",
            "s.yaml:9:8: invalid YAML: found undefined alias 'note'; text that starts with '*' "
            "must be put in quotes",
            id="star-reads-as-alias",
        ),
        pytest.param(
            HEAD + SCALE + "? [a, b]\n: value\n",
            "s.yaml:9:3: invalid YAML: found unhashable key; a key must be a plain word, not a "
            "list or mapping",
            id="list-as-key",
        ),
        pytest.param(
            HEAD + SCALE + "intro: !!int twelve\n",
            "s.yaml:9:8: invalid YAML: the value does not fit its tag tag:yaml.org,2002:int "
            "(invalid literal for int() with base 10: 'twelve'); remove the tag",
            id="value-misfits-explicit-tag",
        ),
        pytest.param(
            "",
            "s.yaml:1:1: the file is empty; start from a template with `interviewer init PATH`",
            id="empty",
        ),
        pytest.param(
            "# nothing but a comment\n\n",
            "s.yaml:1:1: the file is empty; start from a template with `interviewer init PATH`",
            id="only-comments",
        ),
        pytest.param(
            "\n- id: a\n- id: b\n",
            "s.yaml:2:1: the top level must be a mapping of keys (id:, title:, questions: …), "
            "not a list",
            id="top-level-list",
        ),
        pytest.param(
            "just some text\n",
            "s.yaml:1:1: the top level must be a mapping of keys (id:, title:, questions: …), "
            "not a single value",
            id="top-level-scalar",
        ),
        pytest.param(
            HEAD + SCALE + "    text: How much, really?\n",
            "s.yaml:9:5: duplicate key 'text' (already set on line 8); YAML keeps only the "
            "last one, so remove or rename one of them",
            id="duplicate-yaml-key",
        ),
    ],
)
def test_yaml_problem_is_reported_at_its_mark(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_every_problem_is_reported_in_file_order() -> None:
    text = (
        HEAD
        + SCALE
        + (
            "    lables: x\n"
            "  - id: q1\n"
            "    type: single_choice\n"
            "    text: Which one?\n"
            "    options: []\n"
            "    show_if: {question: zzz, equals: 1}\n"
            "moderator: {max_follow_ups: 7, tone: 3}\n"
            "title: Again\n"
        )
    )
    assert problems(text) == [
        "s.yaml:9:5: question 'q1': unknown key 'lables'; allowed keys here: id, text, show_if, "
        "allow_skip, why, disqualify_if, min, max, min_label, max_label, nps",
        "s.yaml:10:9: question 'q1': duplicate question id 'q1' (question 1 uses it too); give "
        "each question its own id",
        "s.yaml:13:14: question 'q1': options must list at least one entry, e.g. [First, Second]",
        "s.yaml:14:25: question 'q1': show_if refers to unknown question 'zzz'; use the id of an "
        "earlier question (earlier: q1)",
        "s.yaml:15:29: moderator.max_follow_ups should be at most 5 (got 7)",
        "s.yaml:15:38: moderator.tone should be text, not the number 3; put it in quotes to make "
        "it text",
        "s.yaml:16:1: duplicate key 'title' (already set on line 2); YAML keeps only the last "
        "one, so remove or rename one of them",
    ]


def test_missing_file_directory_and_bad_encoding(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(StudyFileError) as caught:
        load_study(missing)
    assert str(caught.value) == (
        f"{missing}:1:1: no such file; check the path, or create a new study with "
        f"`interviewer init {missing}`"
    )
    with pytest.raises(StudyFileError) as caught:
        load_study(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}:1:1: this is a directory; pass the study's .yaml file inside it"
    )
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"id: s1\ntitle: Caf\xe9 study\n")
    with pytest.raises(StudyFileError) as caught:
        load_study(latin)
    assert str(caught.value) == (
        f"{latin}:2:11: the file is not UTF-8 text; re-save it with UTF-8 encoding"
    )


def test_problem_and_error_formatting() -> None:
    first, second = Problem("a.yaml", 3, 7, "bad thing"), Problem("a.yaml", 9, 1, "worse")
    assert str(first) == "a.yaml:3:7: bad thing"
    error = StudyFileError([first, second])
    assert error.problems == [first, second]
    assert str(error) == "a.yaml:3:7: bad thing\na.yaml:9:1: worse"


def test_study_built_in_code_still_checks_references() -> None:
    """The model validator is the backstop for studies that never went through a file."""
    base: dict[str, Any] = {"id": "s", "title": "ttt", "decision": "ddd", "consent": "ccc"}
    questions: list[dict[str, Any]] = [
        {"id": "a", "type": "yes_no", "text": "One?"},
        {"id": "a", "type": "yes_no", "text": "Two?"},
    ]
    with pytest.raises(ValidationError) as caught:
        Study.model_validate({**base, "questions": questions})
    error = caught.value.errors()[0]["ctx"]["error"]
    assert isinstance(error, LocatedError)
    assert (str(error), error.at) == ("duplicate question id 'a'", ("questions", 1, "id"))
    show_if = {"question": "a", "equals": "yes"}
    questions[1] = {"id": "b", "type": "yes_no", "text": "Two?", "show_if": show_if}
    with pytest.raises(ValidationError) as caught:
        Study.model_validate({**base, "questions": questions})
    error = caught.value.errors()[0]["ctx"]["error"]
    assert error.at == ("questions", 1, "show_if", "equals")
    assert "true or false" in str(error)


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
