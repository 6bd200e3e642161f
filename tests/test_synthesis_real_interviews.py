"""The offline report on real interviews nobody here wrote: the 7 PDPilot user-study transcripts.

Driven as a new user does it — ``interviewer import …/transcripts/*.txt`` then ``interviewer
report … --format html,md,json`` — and read back from all three files: readable labels (no
filler or stopword at either end, no "·"), whole-sentence verbatim quotes, prevalence that
differs across themes, and insights that name what respondents said, each worded its own way.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.report.model import (
    SMALL_N,
    CrossTab,
    CrossTabRow,
    Report,
)
from interviewer.report.render import md_unescape, render
from interviewer.synthesis.offline.lexicon import fillers, stopwords
from interviewer.synthesis.offline.sentences import sentence_spans
from interviewer.synthesis.offline.sentiment import sentiment_of
from tests.test_report_render import BLOCKQUOTE, MD_QUOTE

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
PDPILOT = EVAL / "pdpilot_user_study" / "transcripts"
pytestmark = pytest.mark.skipif(
    not PDPILOT.is_dir(), reason=f"the shared evaluation data is not at {EVAL}"
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("pdpilot")
    db = f"sqlite:///{folder / 'db.sqlite'}"
    files = sorted(str(p) for p in PDPILOT.glob("*.txt"))
    assert main(["import", *files, "--db", db]) == 0
    out = folder / "report"
    code = main(
        ["report", "pdpilot-user-study", "--format", "html,md,json", "-o", str(out), "--db", db]
    )
    assert code == 0
    return {
        ext: (folder / f"report.{ext}").read_text(encoding="utf-8")
        for ext in ("html", "md", "json")
    }


@pytest.fixture(scope="module")
def report(reports: dict[str, str]) -> Report:
    return Report.model_validate_json(reports["json"])


def all_themes(report: Report) -> list:
    return [t for top in report.themes for t in (top, *top.sub_themes)]


def test_labels_are_phrases_without_fillers_or_stopword_edges(report: Report) -> None:
    themes = all_themes(report)
    assert len(report.themes) >= 5
    spoken, stop = fillers("en"), stopwords("en")
    for theme in themes:
        words = re.findall(r"[\w'’-]+", theme.name.lower())
        assert words, theme.name
        assert "·" not in theme.name
        assert not any(w in spoken for w in words), theme.name
        assert words[0] not in stop and words[-1] not in stop, theme.name
        assert not re.fullmatch(r"theme \d+", theme.name.lower()), theme.name


def test_every_quote_is_whole_sentences_of_its_turn_in_every_format(
    report: Report, reports: dict[str, str]
) -> None:
    turns = {t.id: t.text for tr in report.transcripts for t in tr.turns}
    quotes = report.all_quotes()
    assert len(quotes) >= 30
    for quote in quotes:
        text = turns[quote.turn_id]
        for fragment in quote.fragments:
            assert text[fragment.start : fragment.end] == fragment.text
            starts = {s for s, _ in sentence_spans(text)}
            ends = {e for _, e in sentence_spans(text)}
            assert fragment.start in starts and fragment.end in ends, fragment.text
    shown_html = {html.unescape(m.group(4)).strip() for m in BLOCKQUOTE.finditer(reports["html"])}
    shown_md = {
        md_unescape(" ".join(line[2:] for line in m.group(1).splitlines())).strip()
        for m in MD_QUOTE.finditer(reports["md"])
    }
    for quote in quotes:
        assert quote.text in shown_html
        assert quote.text in shown_md


def test_prevalence_differs_across_themes_and_counts_sentences(report: Report) -> None:
    respondents = [t.prevalence.respondents for t in all_themes(report)]
    assert len(set(respondents)) >= 3
    assert all(t.excerpts >= t.prevalence.respondents for t in report.themes)


def test_insights_name_what_respondents_said_each_in_its_own_words(report: Report) -> None:
    assert len(report.insights) >= 3
    names = {t.id: t.name for t in all_themes(report)}
    skeletons = Counter()
    for insight in report.insights:
        topic = names[insight.theme_id]
        assert topic.lower() in insight.belief.lower()
        claim = re.sub(r"(— \S+: )?“[^”]*”", "", insight.belief)
        assert not re.search(r"\d", claim)  # counts are evidence, not the insight
        assert insight.written_by == "template"
        skeleton = insight.statement.lower().replace(topic.lower(), "X")
        skeleton = re.sub(r"“[^”]*”|\d+|\bp\d\b", "_", skeleton)
        skeletons[skeleton] += 1
    assert max(skeletons.values()) == 1
    assert "None recorded" not in " ".join(i.action for i in report.insights)


def test_imported_study_gets_a_readable_title_and_an_honest_decision(report: Report) -> None:
    assert report.study.title == "Pdpilot user study (7 imported interviews)"
    assert report.study.decision.startswith("None recorded")


@pytest.mark.parametrize(
    "sentence",
    [
        "this is like a bummer that I have to do this",
        "That was kind of annoying, to be honest.",
        "The approval sat for six days and we paid a late fee.",
    ],
)
def test_a_complaint_is_never_tagged_positive(sentence: str) -> None:
    assert sentiment_of(sentence) == "negative"


def test_a_wish_is_not_praise() -> None:
    assert sentiment_of("I'd like to be able to highlight the histograms") == "neutral"


def test_small_groups_show_counts_and_say_why(report: Report) -> None:
    table = CrossTab(
        question_id="role",
        question_text="What is your role?",
        segments=["Data scientist", "Manager"],
        segment_sizes=[4, 3],
        rows=[
            CrossTabRow(theme_id="T1", theme_name="ICE plots", counts=[4, 2], shares=[1.0, 2 / 3])
        ],
    )
    small = report.model_copy(update={"crosstabs": [table]})
    note = f"Segments with fewer than {SMALL_N} respondents show counts, not percentages"
    for fmt in ("md", "html"):
        text = render(small, fmt)  # type: ignore[arg-type]
        assert note in text
        assert "4 of 4" in text and "2 of 3" in text
        table_text = text.split("Themes by “What is your role?”")[1][:600]
        assert "100%" not in table_text
    assert json.loads(render(small, "json"))["crosstabs"][0]["segment_sizes"] == [4, 3]
