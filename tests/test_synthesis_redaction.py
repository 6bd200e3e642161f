"""PII redaction: what is replaced, what is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.importers.files import import_files
from interviewer.report.render import render
from interviewer.store import Store
from interviewer.synthesis.pipeline import SynthesisOptions, synthesize
from interviewer.synthesis.redaction import Redactor, redactor_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to dana.smith+ap@acme-corp.co.uk today", "write to [email] today"),
        ("call +44 20 7946 0958 or (415) 555-0132.", "call [phone] or [phone]."),
        ("my cell is 555.013.2222", "my cell is [phone]"),
        ("see https://app.example.com/invite?token=abc123 now", "see [url] now"),
        ("https://user:secret@files.example.com/x", "[url]"),
        ("https://drive.example.com/d/1AbCdEfGhIjKlMnOpQrStUvWx/view", "[url]"),
    ],
)
def test_patterns_are_replaced(text: str, expected: str) -> None:
    assert Redactor().redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.com/pricing for plans",
        "on 2024-03-01 we paid $1,500 for 12 invoices in 3 days",
        "invoice 1.500.000 was the big one",
        "we approved 250 invoices",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert Redactor().redact(text) == text


def test_listed_names_are_whole_words_case_insensitive_longest_first() -> None:
    redactor = Redactor(names=("Dana", "Dana Smith", " "))
    text = "dana smith told DANA's boss; Danaccess is a tool"
    assert redactor.redact(text) == "[name] told [name]'s boss; Danaccess is a tool"
    assert redactor.counts["name"] == 2
    assert redactor.describe() == [
        "email addresses",
        "phone numbers",
        "URLs with tokens",
        "2 listed names",
    ]


def test_redaction_is_off_unless_asked_and_names_switch_it_on() -> None:
    assert redactor_for(redact=False) is None
    assert redactor_for(redact=False, names=["Ana"]) is not None
    assert redactor_for(redact=True) is not None


def test_reports_show_only_redacted_text_and_quotes_stay_verbatim_to_it(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "call.md"
    path.write_text(
        "Interviewer: How did you reach the approver?\n\n"
        "Respondent: I emailed dana.smith@acme.com and called +1 415 555 0132, then Dana replied.\n",
        encoding="utf-8",
    )
    import_files(sqlite_store, [path], study_id="calls")
    options = SynthesisOptions(
        embedding="tfidf-svd", redact=True, redact_names=("Dana",), min_depth=1
    )
    report = synthesize(sqlite_store, "calls", options=options)
    shown = report.transcripts[0].turns[1].text
    assert shown == "I emailed [email] and called [phone], then [name] replied."
    assert report.methodology.redaction == [
        "email addresses",
        "phone numbers",
        "URLs with tokens",
        "1 listed name",
    ]
    assert [q.text for q in report.verbatims] == [shown]
    everything = render(report, "json") + render(report, "html") + render(report, "md")
    assert "acme.com" not in everything and "555" not in everything and "Dana" not in everything
