"""The Mom Test lint on a study's own questions (``interviewer validate``, issue 10)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.study import load_study, load_study_text
from interviewer.study.authoring import render_template
from interviewer.study.lint import lint_study

ROOT = Path(__file__).resolve().parent.parent
HEAD = """\
id: expenses
title: "Expense reports"
decision: "Whether to build expense tooling first"
consent: "We record your answers for research. You can stop at any time."
language: {language}
questions:
"""


def study_with(*questions: str, language: str = "en") -> str:
    return HEAD.format(language=language) + "".join(
        textwrap.indent(textwrap.dedent(q), "  ") for q in questions
    )


def lint(text: str) -> list[str]:
    study = load_study_text(text, "s.yaml")
    return [str(p) for p in lint_study(study, text, "s.yaml")]


def test_validate_flags_the_hypothetical_question_with_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        study_with(
            """\
            - id: pay
              type: open_ended
              text: "Would you pay for an app that automated expense reports?"
            """
        )
    )
    assert main(["validate", str(path)]) == 0  # a warning, not an error
    err = capsys.readouterr().err
    # Line 9 holds the text; "Would" starts at column 12 (after `    text: "`).
    assert f"{path}:9:12: warning: question 'pay': hypothetical question" in err
    assert f"{path}:9:30: warning: question 'pay': pitches a product" in err
    assert main(["validate", "--strict", str(path)]) == 1
    assert f"{path}:9:12: error:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("If you could change one thing about expenses, what would it be?", "hypothetical"),
        ("Don't you think expense reports are a waste of time?", "leading"),
        ("How often do you file expenses, and why do you put it off?", "double-barrelled"),
        ("What do you do first? And who checks it?", "double-barrelled"),
        ("We're building a tool for receipts: when did you last lose one?", "pitches a product"),
        ("Do you find expense reports annoying?", "yes/no question typed as open_ended"),
    ],
)
def test_each_mom_test_rule(text: str, kind: str) -> None:
    found = lint(study_with(f'- id: q\n  type: open_ended\n  text: "{text}"\n'))
    assert any(kind in f for f in found), found


def test_good_questions_and_requests_pass() -> None:
    assert not lint(
        study_with(
            '- id: a\n  type: open_ended\n  text: "Tell me about the last expense report you filed."\n',
            '- id: b\n  type: open_ended\n  text: "Could you walk me through what happened?"\n',
            '- id: c\n  type: yes_no\n  text: "Did you file an expense report last month?"\n',
        )
    )


def test_probes_are_linted_too() -> None:
    found = lint(
        study_with(
            """\
            - id: a
              type: open_ended
              text: "Tell me about the last expense report you filed."
              probes:
                - "Would you use a scanner for that?"
            """
        )
    )
    assert len(found) == 1 and "probe of 'a'" in found[0] and "s.yaml:11:10:" in found[0]


def test_other_languages_do_not_misfire() -> None:
    spanish = study_with(
        '- id: a\n  type: open_ended\n  text: "Cuéntame la última vez que hiciste un informe de gastos."\n',
        language="es",
    )
    assert lint(spanish) == []
    assert any(
        "hypothetical" in f
        for f in lint(
            study_with(
                '- id: a\n  type: open_ended\n  text: "¿Pagarías por una app de gastos?"\n',
                language="es",
            )
        )
    )


def test_example_studies_lint_clean() -> None:
    for path in sorted((ROOT / "studies").glob("*.yaml")):
        study = load_study(path)
        assert lint_study(study, path.read_text(encoding="utf-8"), str(path)) == [], path


@pytest.mark.parametrize(
    "topic", ["expense reports", "Expense reports", "AWS billing", "payroll.", "iPhone repairs"]
)
def test_init_lints_clean_and_reads_well_for_any_topic(topic: str) -> None:
    text = render_template(topic)
    study = load_study_text(text, "init.yaml")
    assert lint_study(study, text, "init.yaml") == []
    assert "Expense reports" not in text.replace("Customer interviews: Expense", "")
    assert " is painful" not in text  # no verb agreement with a plural topic
    assert "payroll.?" not in text and "payroll.," not in text
