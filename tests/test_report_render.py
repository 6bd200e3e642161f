"""Reports in all three formats: structure, escaping, no external requests, the JSON Schema,
and — the promise — every quote shown is its cited turn's own text."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import jsonschema
import pytest
from markupsafe import escape

from interviewer.report.model import SCHEMA_PATH, Report, json_schema
from interviewer.report.render import md, md_unescape, render
from interviewer.store import Store
from interviewer.synthesis.pipeline import SynthesisOptions, synthesize
from tests.support.synthesis_data import SCRIPT_TAG, load_example, run_interviews

STUDY_ID = "invoice-approvals"
BLOCKQUOTE = re.compile(
    r'<blockquote data-quote="(Q\d+)" data-session="(\w+)" data-turn="(\d+)">(.*?)</blockquote>',
    re.S,
)
MD_QUOTE = re.compile(r"((?:^> (?!— ).*\n)+)>\n> — .*?session `(\w+)`, turn (\d+)", re.M)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('render') / 'db.sqlite'}") as opened:
        run_interviews(opened, load_example(STUDY_ID), 7, seed=2, lazy=(5,))
        yield opened


@pytest.fixture(scope="module")
def report(store: Store) -> Report:
    return synthesize(store, STUDY_ID, options=SynthesisOptions(embedding="tfidf-svd"))


@pytest.fixture(scope="module")
def turns(store: Store, report: Report) -> dict[int, str]:
    return {t.id: t.text for row in report.sessions for t in store.transcript(row.session_id)}


def assert_from_turn(text: str, turn_text: str) -> None:
    """A displayed quote: fragments of the turn, in order, joined by " … "."""
    position = 0
    for fragment in text.split(" … "):
        found = turn_text.find(fragment, position)
        assert found >= 0, f"{fragment!r} is not in {turn_text!r}"
        position = found + len(fragment)


def test_json_quotes_are_exact_spans_of_their_turns(report: Report, turns: dict[int, str]) -> None:
    parsed = Report.model_validate_json(render(report, "json"))
    quotes = parsed.all_quotes()
    assert len(quotes) > 10
    for quote in quotes:
        turn = turns[quote.turn_id]
        assert [turn[f.start : f.end] for f in quote.fragments] == [f.text for f in quote.fragments]
        assert quote.text == " … ".join(f.text for f in quote.fragments)
        assert quote.respondent and quote.session_id


def test_html_quotes_are_their_turns_text_and_link_to_them(
    report: Report, turns: dict[int, str]
) -> None:
    page = render(report, "html")
    found = BLOCKQUOTE.findall(page)
    assert len(found) >= len({q.id for q in report.all_quotes()})
    for _quote_id, _session, turn_id, text in found:
        assert_from_turn(html.unescape(text), turns[int(turn_id)])
        assert f'id="turn-{turn_id}"' in page  # the transcript turn the link points at
        assert f'href="#turn-{turn_id}"' in page


def test_markdown_quotes_are_their_turns_text(report: Report, turns: dict[int, str]) -> None:
    text = render(report, "md")
    found = MD_QUOTE.findall(text)
    assert len(found) >= len({q.id for q in report.all_quotes()})
    for block, _session, turn_id in found:
        quote = md_unescape("\n".join(line[2:] for line in block.rstrip("\n").split("\n")))
        assert_from_turn(quote, turns[int(turn_id)])


def test_html_is_one_self_contained_page_with_every_section(report: Report) -> None:
    page = render(report, "html")
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    for section in (
        "summary",
        "insights",
        "hypotheses",
        "themes",
        "answers",
        "sessions",
        "methodology",
        "transcripts",
    ):
        assert f'<section id="{section}"' in page
    assert page.count("<svg") >= len(report.structured)  # inline charts
    assert page.count('<details class="card transcript"') == len(report.transcripts)
    for insight in report.insights:
        assert (
            f'<span class="badge {insight.confidence}">{insight.confidence} confidence</span>'
            in page
        )
    for verdict in report.hypotheses:
        assert (
            f'<span class="badge {verdict.verdict.replace(" ", "-")}">{verdict.verdict}</span>'
            in page
        )


def test_html_makes_no_external_requests(report: Report) -> None:
    page = render(report, "html")
    links = re.findall(r'\b(?:src|href)\s*=\s*["\']([^"\']*)', page)
    assert links and all(link.startswith("#") for link in links)
    assert not re.search(r"@import|url\(|<link\b|<iframe\b|<img\b", page)


def test_a_script_typed_by_a_respondent_is_shown_never_run(report: Report) -> None:
    page = render(report, "html")
    assert SCRIPT_TAG not in page
    assert str(escape(SCRIPT_TAG)) in page  # shown as text in the transcript
    assert page.count("<script") == 1  # only the report's own anchor helper
    markdown = render(report, "md")
    assert SCRIPT_TAG not in markdown
    assert md(SCRIPT_TAG) == "\\<script\\>alert('pwned')\\</script\\>"
    if any(SCRIPT_TAG in q.text for q in report.all_quotes()):
        assert md(SCRIPT_TAG) in markdown


def test_json_matches_the_shipped_schema(report: Report) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema == json.loads(json.dumps(json_schema())), (
        "schema.json is stale: run `python -m interviewer.report.model`"
    )
    jsonschema.validate(json.loads(render(report, "json")), schema)
    with pytest.raises(jsonschema.ValidationError):
        broken = json.loads(render(report, "json"))
        broken["themes"][0]["quotes"][0].pop("turn_id")
        jsonschema.validate(broken, schema)


def test_unknown_format_is_refused(report: Report) -> None:
    with pytest.raises(ValueError, match="use one of html, md, json"):
        render(report, "pdf")  # type: ignore[arg-type]
