"""Study files: every problem reported at its FILE:LINE:COL with a message that says how to fix it."""

from __future__ import annotations

import textwrap
import weakref
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from interviewer.study import (
    QUESTION_TYPES,
    LocatedError,
    Study,
)
from interviewer.study.file import Problem, StudyFileError, load_study, load_study_text

ROOT = Path(__file__).resolve().parent.parent

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
            "decision, hypotheses, audience, language, languages, moderator, consent, intro, "
            "outro, messages, questions",
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


def test_unknown_keys_are_looked_up_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 11, item 9: 16,000 unknown keys took 35 s because each problem rescanned the mapping.
    # Counted, not timed: every mapping's pairs are indexed once, however many problems it has.
    from interviewer.study import file as studyfile

    class Counting(weakref.WeakKeyDictionary):  # type: ignore[type-arg]
        built = 0

        def __setitem__(self, key: Any, value: Any) -> None:
            Counting.built += 1
            super().__setitem__(key, value)

    monkeypatch.setattr(studyfile, "_PAIRS", Counting())
    text = (ROOT / "studies" / "invoice-approvals.yaml").read_text(encoding="utf-8")
    text += "".join(f"junk_{i}: 1\n" for i in range(16_000))
    with pytest.raises(StudyFileError) as raised:
        load_study_text(text, "keys.yaml")
    assert len(raised.value.problems) == 16_000
    assert 0 < Counting.built < 100  # one index per mapping looked into, not one per problem


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("id: x\ntitle: " + "[" * 500 + "]" * 500 + "\n", (2, 72)),
        ("id: x\nquestions: " + "{a: " * 500 + "1" + "}" * 500 + "\n", (2, 268)),
        ("id: x\ntitle:\n" + "".join("  " * i + "- \n" for i in range(1, 1200)), (1, 1)),
    ],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_nesting_500_deep_is_a_located_error_not_a_recursion_error(
    text: str, where: tuple[int, int]
) -> None:
    with pytest.raises(StudyFileError) as raised:
        load_study_text(text, "deep.yaml")
    [problem] = raised.value.problems
    assert (problem.line, problem.col) == where
    assert "nest" in problem.message
