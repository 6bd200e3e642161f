"""Importing survey answers and support tickets from CSV: one session per row."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.importers.files import import_files
from interviewer.importers.surveys import parse_survey
from interviewer.store import Store
from interviewer.synthesis.pipeline import SynthesisOptions, synthesize, verbatim_problems
from tests.support.mini_study import mini_study

TICKETS = (
    "ticket_id,created_at,What went wrong?,Anything else?\n"
    'T-1,2024-05-01,"Approver was on holiday, invoice sat 9 days.",\n'
    'T-2,2024-05-02,"  Two lines:\nthe PO did not match.  ",Call me\n'
    ",,,\n"
    "T-3,2024-05-03,,Nothing to add\n"
)


def test_rows_become_respondents_with_cells_kept_exactly() -> None:
    survey = parse_survey(TICKETS, "tickets.csv")
    assert survey.respondent_column == "ticket_id"
    assert survey.skipped_columns == ("created_at",)
    assert survey.questions == ("What went wrong?", "Anything else?")
    assert [(r.respondent, r.line) for r in survey.rows] == [("T-1", 2), ("T-2", 3), ("T-3", 6)]
    assert survey.rows[1].cells == (
        ("What went wrong?", "  Two lines:\nthe PO did not match.  "),
        ("Anything else?", "Call me"),
    )
    assert survey.rows[2].cells == (("Anything else?", "Nothing to add"),)


def test_semicolons_and_no_id_column() -> None:
    survey = parse_survey("Feedback;Score\nslow approvals;3\nfine;5\n", "nps.csv")
    assert survey.respondent_column is None
    assert [r.respondent for r in survey.rows] == ["nps#1", "nps#2"]
    assert survey.rows[0].cells == (("Feedback", "slow approvals"), ("Score", "3"))


def test_unreadable_surveys_say_how_to_fix_them() -> None:
    with pytest.raises(ValueError, match="header row"):
        parse_survey("", "empty.csv")
    with pytest.raises(ValueError, match="no column 'who'"):
        parse_survey("a,b\n1,2\n", "x.csv", respondent_column="who")


def test_a_cell_over_131072_characters_is_read_and_a_huge_one_is_a_located_error() -> None:
    # Issue 11, item 10: the csv module's default limit raised a bare `_csv.Error`.
    long_answer = "x" * 200_000
    survey = parse_survey(f"respondent,answer\nr1,{long_answer}\n", "big.csv")
    assert survey.rows[0].cells == (("answer", long_answer),)
    huge = "y" * 1_200_000
    with pytest.raises(ValueError) as raised:
        parse_survey(f"respondent,answer\nr1,ok\nr2,{huge}\n", "huge.csv")
    assert str(raised.value) == (
        "huge.csv:3: cannot read this row: a cell is longer than 1,000,000 characters; "
        "shorten or split it"
    )


def test_duplicate_column_headers_are_refused_with_the_columns_named(
    sqlite_store: Store, tmp_path: Path
) -> None:
    # Issue 11, item 10: two columns called "answer" ended in an IntegrityError traceback.
    path = tmp_path / "dup.csv"
    path.write_text("respondent,answer,answer\nr1,hello there,again\n", encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        import_files(sqlite_store, [path])
    assert str(raised.value).endswith(
        "columns 2 and 3 are both called 'answer'; each column becomes one question, "
        "so rename one of them"
    )
    assert sqlite_store.list_studies() == []  # nothing half-imported


def test_import_into_a_new_study_makes_one_open_question_per_column(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS, encoding="utf-8")
    result = import_files(sqlite_store, [path], study_id="tickets")
    study = sqlite_store.get_study("tickets")
    assert [(q.id, q.type, q.text) for q in study.questions] == [
        ("what_went_wrong", "open_ended", "What went wrong?"),
        ("anything_else", "open_ended", "Anything else?"),
    ]
    assert [r for r, _, _ in result.sessions] == ["T-1", "T-2", "T-3"]
    assert result.notes == ["tickets.csv: left out metadata columns created_at"]
    turns = sqlite_store.transcript(result.sessions[1][1])
    assert [(t.role, t.text, t.idempotency_key) for t in turns[:2]] == [
        ("moderator", "What went wrong?", None),
        ("respondent", "  Two lines:\nthe PO did not match.  ", "tickets.csv:3 (What went wrong?)"),
    ]


def test_columns_map_to_an_existing_studys_questions_with_typed_answers(
    sqlite_store: Store, tmp_path: Path
) -> None:
    sqlite_store.save_study(mini_study())
    path = tmp_path / "survey.csv"
    path.write_text(
        "respondent,role,How painful are approvals for you today?,Story\n"
        "ana,Finance,8,The approver was travelling for a week and we paid a late fee.\n"
        "ben,Operations,a three,We chase approvers on Slack every single Friday.\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ValueError, match=r"columns 'Story' match no question of study mini; map each with --column"
    ):
        import_files(sqlite_store, [path], study_id="mini")
    result = import_files(sqlite_store, [path], study_id="mini", columns={"Story": "last_time"})
    answers = sqlite_store.answers_for_study("mini")
    values = {(a.session_id, a.question_id): a.value for a in answers}
    ana, ben = (session for _, session, _ in result.sessions)
    assert values[(ana, "role")] == "Finance" and values[(ana, "pain")] == 8
    assert values[(ben, "pain")] == 3  # "a three" read by the moderator's own parser
    assert values[(ana, "last_time")] is None  # open answers have no value, only text
    with pytest.raises(ValueError, match="has no question 'nope'"):
        import_files(sqlite_store, [path], study_id="mini", columns={"Story": "nope"}, again=True)


def test_ten_answers_and_a_report_without_a_crash(sqlite_store: Store, tmp_path: Path) -> None:
    rows = [
        "Approvals wait for days when the approver travels.",
        "We chase approvers by email every week.",
        "The purchase order rarely matches the invoice.",
        "Nobody knows who should approve software invoices.",
        "We paid a late fee last month because of a slow approval.",
        "Approvers ignore the ERP reminders.",
        "I keep a spreadsheet of every invoice waiting.",
        "Procurement fixes PO mismatches too slowly.",
        "The CFO approves everything herself at month end.",
        "",
        "Honestly it works fine for us.",
    ]
    path = tmp_path / "ten.csv"
    path.write_text("answer\n" + "\n".join(f'"{r}"' for r in rows) + "\n", encoding="utf-8")
    import_files(sqlite_store, [path], study_id="ten")
    report = synthesize(sqlite_store, "ten", options=SynthesisOptions(embedding="tfidf-svd"))
    assert report.methodology.sessions_total == 10  # the empty row is no respondent
    turns = {t.id: t for row in report.sessions for t in sqlite_store.transcript(row.session_id)}
    assert verbatim_problems(report, turns) == []
    assert report.themes or report.verbatims  # themes, or the answers themselves to read
    if not report.themes:
        assert report.not_enough_data
