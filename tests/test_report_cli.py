"""``interviewer import`` and ``interviewer report`` from the command line."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.report.model import Report
from interviewer.report.render import md_unescape
from interviewer.store import Store
from tests.support.synthesis_data import load_example, run_interviews
from tests.test_import_transcripts import MARKDOWN, SRT, STAMPED, VTT, ZOOM
from tests.test_report_render import BLOCKQUOTE, MD_QUOTE, assert_from_turn

EXTRA = {
    f"call-{n}.md": f"Interviewer: What was the hardest part of getting that invoice approved?\n\n"
    f"Respondent: {answer}\n\nInterviewer: Why was that the hard part?\n\nRespondent: {why}\n"
    for n, (answer, why) in enumerate(
        [
            (
                "Chasing the approver by email for a week.",
                "Because he travels and ignores reminders.",
            ),
            (
                "The PO did not match the invoice amount.",
                "Because procurement owns the PO and is slow.",
            ),
            (
                "Finding out who may approve software invoices.",
                "Because the approval matrix is out of date.",
            ),
            ("Waiting for the CFO at month end.", "Because she approves everything herself."),
            (
                "We paid a $350 late fee on a cleaning invoice.",
                "Because nobody covered for the approver.",
            ),
        ]
    )
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_imported_transcripts_report_in_three_formats_with_verbatim_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "interview-07.md": MARKDOWN,
        "zoom.txt": ZOOM,
        "stamped.txt": STAMPED,
        "call.vtt": VTT,
        "call.srt": SRT,
        **EXTRA,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "db.sqlite")
    code, out, err = run(
        capsys, "import", *(str(tmp_path / n) for n in files), "--study-id", "calls", "--db", db
    )
    assert code == 0, err
    assert "created study calls" in out and "imported 10 session(s) into calls" in out

    code, _, err = run(
        capsys, "report", "calls", "--db", db, "--format", "html,md,json", "--out", str(tmp_path / "out" / "calls"),
        "--embedding", "tfidf-svd", "--redact-names", "Tom Becker",
    )  # fmt: skip
    assert code == 0, err
    assert "… loading sessions: 10/10" in err and "offline engine: no tokens, no network" in err
    for suffix in (".html", ".md", ".json"):
        assert f"wrote {tmp_path / 'out' / 'calls'}{suffix}" in err

    report = Report.model_validate_json((tmp_path / "out" / "calls.json").read_text())
    with Store(f"sqlite:///{db}") as store:
        raw = {t.id: t.text for row in report.sessions for t in store.transcript(row.session_id)}
    shown = {t.id: t.text for transcript in report.transcripts for t in transcript.turns}
    assert report.methodology.redaction[-1] == "1 listed name"
    assert "Tom Becker" not in (tmp_path / "out" / "calls.json").read_text()
    assert "[name]" in {row.respondent for row in report.sessions}  # the speaker's label
    assert shown == raw  # no listed name in the turns themselves: nothing else changed

    quotes = report.all_quotes()
    assert quotes
    for quote in quotes:
        assert_from_turn(quote.text, shown[quote.turn_id])
    page = (tmp_path / "out" / "calls.html").read_text()
    assert BLOCKQUOTE.findall(page)
    for *_, turn_id, text in BLOCKQUOTE.findall(page):
        assert_from_turn(html.unescape(text), shown[int(turn_id)])
    markdown = (tmp_path / "out" / "calls.md").read_text()
    assert MD_QUOTE.findall(markdown)
    for block, _, turn_id in MD_QUOTE.findall(markdown):
        assert_from_turn(
            md_unescape("\n".join(x[2:] for x in block.rstrip("\n").split("\n"))),
            shown[int(turn_id)],
        )


def test_report_defaults_to_html_named_after_the_study(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.sqlite"
    with Store(f"sqlite:///{db}") as store:
        run_interviews(store, load_example("weekly-meal-planning"), 4, seed=9)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(
        capsys, "report", "weekly-meal-planning", "--db", str(db), "--embedding", "tfidf-svd", "-q"
    )
    assert code == 0, err
    page = (tmp_path / "weekly-meal-planning-report.html").read_text()
    assert "<h1>How households plan the week&#39;s meals</h1>" in page
    assert not re.search(r"^… ", err, re.M)  # --quiet: no progress lines

    code, out, _ = run(
        capsys,
        "report",
        "weekly-meal-planning",
        "--db",
        str(db),
        "--format",
        "json",
        "--out",
        "-",
        "--embedding",
        "tfidf-svd",
    )
    assert code == 0 and Report.model_validate_json(out).study.id == "weekly-meal-planning"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "nope"], "no study 'nope'"),
        (["report", "x", "--format", "pdf"], "unknown format 'pdf'"),
        (["report", "x", "--format", "html,md", "--out", "-"], "--out - prints one format"),
        (["report", "x", "--min-depth", "9"], "--min-depth must be 1-5"),
        (["report", "x", "--engine", "llm"], "--engine llm needs a model"),
        (["import", "missing.md", "--study-id", "x"], "no such file: missing.md"),
        (
            ["import", "README.md", "--study-id", "x", "--column", "broken"],
            "write it as 'Column header=question_id'",
        ),
    ],
)
def test_mistakes_are_reported_with_a_fix(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, *argv, "--db", str(tmp_path / "db.sqlite"))
    assert code == 1
    assert err.startswith("error: ") and message in err
