"""Small wording slips quoted in issue 11 (item 15), each checked on the real output.

"1 sentences", "T1.1Email" without a space, "Got it — It was…", and a missing comma before
"or something else".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.moderator import Moderator
from interviewer.report.model import Report
from interviewer.report.render import render
from interviewer.store import Store
from interviewer.study import load_study
from interviewer.synthesis.offline.insights import draft_statement
from interviewer.synthesis.pipeline import SynthesisOptions, synthesize
from tests.support.mini_study import mini_study
from tests.support.synthesis_data import load_example, run_interviews

ROOT = Path(__file__).resolve().parent.parent
STUDY_ID = "invoice-approvals"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('small') / 'db.sqlite'}") as store:
        run_interviews(store, load_example(STUDY_ID), 4, seed=2)
        found = synthesize(store, STUDY_ID, options=SynthesisOptions(embedding="tfidf-svd"))
    # One theme with a one-sentence sub-theme "T1.1 Email", as the issue saw it.
    first = found.themes[0]
    sub = first.model_copy(update={"id": "T1.1", "name": "Email", "excerpts": 1, "sub_themes": []})
    yield found.model_copy(
        update={"themes": [first.model_copy(update={"excerpts": 1, "sub_themes": [sub]})]}
    )


def visible_text(page: str) -> str:
    """What a reader (or a copy and paste, or a screen reader) gets from the HTML."""
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


ONE_SENTENCES = re.compile(r"(?<![\d,])1 (sentences|respondents)\b")


def test_one_sentence_is_singular_in_both_reports(report: Report) -> None:
    markdown = render(report, "md")
    assert not ONE_SENTENCES.search(markdown)
    assert "1 sentence ·" in markdown
    assert not ONE_SENTENCES.search(visible_text(render(report, "html")))


@pytest.mark.parametrize("kind", ["pain point", "valued", "request", "mixed views", "practice"])
@pytest.mark.parametrize("variant", [0, 1, 2, 3])
def test_an_insight_drafted_from_one_sentence_says_sentence(
    report: Report, kind: str, variant: int
) -> None:
    study = load_study(ROOT / "studies" / "invoice-approvals.yaml")
    one = report.themes[0].model_copy(
        update={
            "kind": kind,
            "excerpts": 1,
            "sentiment": report.themes[0].sentiment.model_copy(
                update={"positive": 1, "negative": 1, "mixed": 0, "neutral": 0}
            ),
        }
    )
    drafted = " ".join(draft_statement(one, study, variant))
    assert not ONE_SENTENCES.search(drafted), drafted


def test_a_hypothesis_read_from_one_respondent_says_respondent(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('one') / 'db.sqlite'}") as store:
        run_interviews(store, load_example(STUDY_ID), 1, seed=2)
        one = synthesize(store, STUDY_ID, options=SynthesisOptions(embedding="tfidf-svd"))
    rationales = [h.rationale for h in one.hypotheses if "Offline reading" in h.rationale]
    assert rationales
    for text in rationales:
        assert not ONE_SENTENCES.search(text), text
        assert not re.search(r"(?<![\d,])1 sentence from \d+ respondents? are\b", text)


def test_a_theme_id_and_its_name_are_separate_words(report: Report) -> None:
    text = visible_text(render(report, "html"))
    assert "T1.1Email" not in text
    assert "T1.1 Email" in text
    assert re.search(r"\bT1 \S", text)
    assert "### T1.1 Email" in render(report, "md")


def test_other_follows_the_options_after_a_comma() -> None:
    tools = {
        "id": "tools_used",
        "type": "single_choice",
        "text": "Which tool do you use most?",
        "options": ["Slack", "Jira", "Email"],
        "allow_other": True,
    }
    moderator = Moderator(mini_study(questions=[tools]))
    reply = moderator.respond(moderator.start().state, "yes")
    assert "1) Slack  2) Jira  3) Email, or something else (tell me what)" in reply.text
    assert "Email  or something else" not in reply.text


def test_an_acknowledgement_never_capitalises_after_a_dash() -> None:
    # "Got it — It was…": the respondent's words must not follow a dash as a new sentence.
    study = load_study(ROOT / "studies" / "invoice-approvals.yaml")
    moderator = Moderator(study)
    state = moderator.start().state
    texts = []
    for message in [
        "yes",
        "I processed invoices (accounts payable)",
        "200–2,000",
        "It was a normal week, mostly chasing approvals over email.",
        "It was Dana in ops who approved them.",
        "It was slow because the manager was away.",
    ]:
        reply = moderator.respond(state, message)
        state = reply.state
        texts.append(reply.text)
    for text in texts:
        assert "Got it" not in text
        assert "— It was" not in text
