"""Importing transcripts: speaker-labelled text and Markdown, WebVTT and SRT captions."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.importers.files import CONVERSATION, import_files
from interviewer.importers.transcripts import assign_roles, parse_captions, parse_text, role_of
from interviewer.store import Store
from tests.support.synthesis_data import load_example

MARKDOWN = """# Interview 7 (AP lead)

**Interviewer:** Think of the last invoice that needed someone else's sign-off. Can you walk me through what happened?

**Respondent:** It came in on a Monday. I sent it to the budget owner by email.
Nothing happened for four days, so I chased him on Slack.

**Interviewer:** What was the hardest part of getting that invoice approved?

**Respondent:** Honestly: knowing who should approve it.

The approval matrix is a spreadsheet nobody updates.

---
Notes: recorded on Zoom.
"""
ZOOM = """Maria Lopez  00:00
Thanks for joining. Could you tell me about your role?

Tom Becker  00:09
I'm the controller at a 400-person retailer.
Last week I spent Thursday chasing approvals.

Maria Lopez  (01:02)
What have you done to get approvals moving faster?

Tom Becker  01:15
We built a shared spreadsheet. It works but it's manual.
"""
STAMPED = """[00:01] Ana: Why was that the hard part?
[00:04] Ben: Because approvers travel and never read reminders.
[00:09] Ana: What did that cost you?
[00:12] Ben: A late fee of $350: the CFO noticed.
"""
VTT = """WEBVTT

NOTE exported from the call recorder

1
00:00:01.000 --> 00:00:04.000
<v Interviewer>What was the hardest part of getting that invoice approved?</v>

2
00:00:05.000 --> 00:00:09.000
<v Sam>The purchase order didn't match,
so procurement had to fix it first.

3
00:00:09.500 --> 00:00:12.000 align:start
<v Sam><i>That</i> took another week.
"""
SRT = """1
00:00:01,000 --> 00:00:03,000
Interviewer: Why was that the hard part?

2
00:00:03,500 --> 00:00:07,000
Respondent: Because approvers are always travelling.
"""


def test_markdown_turns_are_byte_for_byte_slices_of_the_file() -> None:
    transcript = parse_text(MARKDOWN, "interview-07.md")
    assert [(t.speaker, t.line) for t in transcript.turns] == [
        ("Interviewer", 3), ("Respondent", 5), ("Interviewer", 8), ("Respondent", 10),
    ]  # fmt: skip
    assert transcript.turns[1].text == (
        "It came in on a Monday. I sent it to the budget owner by email.\n"
        "Nothing happened for four days, so I chased him on Slack."
    )
    # "Honestly:" is not a speaker; the blank line inside the answer is kept; "---" ends it.
    assert transcript.turns[3].text == (
        "Honestly: knowing who should approve it.\n\nThe approval matrix is a spreadsheet nobody updates."
    )
    assert all(t.text in MARKDOWN for t in transcript.turns)


def test_name_and_timestamp_headers_and_the_questioner_is_the_interviewer() -> None:
    transcript = parse_text(ZOOM, "call.txt")
    assert [t.speaker for t in transcript.turns] == ["Maria Lopez", "Tom Becker"] * 2
    assert (
        transcript.turns[1].text
        == "I'm the controller at a 400-person retailer.\nLast week I spent Thursday chasing approvals."
    )
    assert assign_roles(transcript.turns) == {
        "Maria Lopez": "moderator",
        "Tom Becker": "respondent",
    }
    assert assign_roles(transcript.turns, ["tom becker"]) == {
        "Tom Becker": "moderator",
        "Maria Lopez": "respondent",
    }
    stamped = parse_text(STAMPED, "s.txt")
    assert [(t.speaker, t.text) for t in stamped.turns][1] == (
        "Ben",
        "Because approvers travel and never read reminders.",
    )
    assert stamped.turns[3].text == "A late fee of $350: the CFO noticed."


def test_role_labels() -> None:
    assert [role_of(x) for x in ("Interviewer", "Q", "participant 3", "P1", "Respondent", "Dana")] == [
        "moderator", "moderator", "respondent", "respondent", "respondent", None,
    ]  # fmt: skip


def test_captions_merge_a_speakers_cues_and_drop_markup() -> None:
    vtt = parse_captions(VTT, "call.vtt")
    assert [(t.speaker, t.text, t.line) for t in vtt.turns] == [
        ("Interviewer", "What was the hardest part of getting that invoice approved?", 7),
        (
            "Sam",
            "The purchase order didn't match,\nso procurement had to fix it first.\nThat took another week.",
            11,
        ),
    ]
    srt = parse_captions(SRT, "call.srt")
    assert [(t.speaker, t.text) for t in srt.turns] == [
        ("Interviewer", "Why was that the hard part?"),
        ("Respondent", "Because approvers are always travelling."),
    ]


def test_files_without_turns_are_refused_with_the_expected_formats() -> None:
    with pytest.raises(ValueError, match="Interviewer: …"):
        parse_text("just some notes\nwithout speakers\n", "notes.txt")
    with pytest.raises(ValueError, match="WebVTT or SRT"):
        parse_captions("WEBVTT\n\nNOTE nothing here\n", "empty.vtt")


def write(folder: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_import_creates_a_study_and_stores_sessions_turn_for_turn(
    sqlite_store: Store, tmp_path: Path
) -> None:
    paths = write(
        tmp_path, {"interview-07.md": MARKDOWN, "call.txt": ZOOM, "call.vtt": VTT, "call.srt": SRT}
    )
    result = import_files(sqlite_store, paths, study_id="calls", title="Calls")
    assert result.created_study and result.study_id == "calls"
    study = sqlite_store.get_study("calls")
    assert (study.title, [q.id for q in study.questions]) == ("Calls", [CONVERSATION])
    assert [(r, n) for r, _, n in result.sessions] == [
        ("interview-07", 4),
        ("Tom Becker", 4),
        ("Sam", 2),
        ("call", 2),
    ]

    session_id = result.sessions[0][1]
    view = sqlite_store.load_session(session_id)
    assert (view.session.source, view.session.status, view.session.engine) == (
        "import",
        "completed",
        "import",
    )
    respondent = [t for t in view.turns if t.role == "respondent"]
    assert [t.idempotency_key for t in respondent] == ["interview-07.md:5", "interview-07.md:10"]
    assert all(t.text in MARKDOWN for t in view.turns)  # nothing added to the file's turns
    moderator = [t for t in view.turns if t.role == "moderator"]
    assert all(t.reply_to is not None for t in moderator if t.seq > 1)
    assert view.state.answers[CONVERSATION].texts == [t.text for t in respondent]

    again = import_files(sqlite_store, paths[:1], study_id="calls")
    assert again.sessions == [] and "already imported" in again.skipped[0]
    assert len(import_files(sqlite_store, paths[:1], study_id="calls", again=True).sessions) == 1


def test_import_into_an_existing_study_matches_the_interviewers_questions(
    sqlite_store: Store, tmp_path: Path
) -> None:
    sqlite_store.save_study(load_example("invoice-approvals"))
    result = import_files(
        sqlite_store, write(tmp_path, {"i.md": MARKDOWN}), study_id="invoice-approvals"
    )
    assert not result.created_study
    turns = sqlite_store.transcript(result.sessions[0][1])
    assert [t.question_id for t in turns[:4]] == [
        "last_invoice",
        "last_invoice",
        "hardest",
        "hardest",
    ]


def test_unknown_file_types_are_refused_before_anything_is_stored(
    sqlite_store: Store, tmp_path: Path
) -> None:
    paths = write(tmp_path, {"good.md": MARKDOWN, "deck.pdf": "%PDF"})
    with pytest.raises(ValueError, match=r"unknown file type \.pdf"):
        import_files(sqlite_store, paths, study_id="calls")
    assert sqlite_store.list_studies() == []
