"""One SessionView for every UI: the terminal app and the web widget show the same progress and
the same hints on every state of every example study (issue 10)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from interviewer.interview import InterviewState
from interviewer.moderator import Moderator
from interviewer.presenter import session_view
from interviewer.questions import REGISTRY, kind_of
from interviewer.study import Study, load_study
from interviewer.tui.controls import control_for as tui_control
from interviewer.web.controls import control_for as web_control
from interviewer.web.controls import progress_of
from tests.support.respondent import answer

ROOT = Path(__file__).resolve().parent.parent
STUDIES = sorted((ROOT / "studies").glob("*.yaml"))


def skipper(study: Study, state: InterviewState) -> str:
    """Skips everything it may, so gated questions drop out and totals shrink."""
    return "yes" if state.awaiting == "consent" else "skip"


def states(
    study: Study, respond: Callable[[Study, InterviewState], str]
) -> Iterator[InterviewState]:
    moderator = Moderator(study)
    reply = moderator.start()
    yield reply.state
    for _ in range(200):
        if reply.state.status.finished:
            return
        reply = moderator.respond(reply.state, respond(study, reply.state))
        yield reply.state
    raise AssertionError("interview did not finish")


@pytest.mark.parametrize("path", STUDIES, ids=[p.stem for p in STUDIES])
@pytest.mark.parametrize("respond", [answer, skipper], ids=["answers", "skips"])
def test_tui_and_widget_show_the_same_progress_and_hints(
    path: Path, respond: Callable[[Study, InterviewState], str]
) -> None:
    study = load_study(path)
    seen = 0
    for state in states(study, respond):
        seen += 1
        view = session_view(study, state)  # what the terminal app renders
        api = progress_of(study, state)  # what the widget renders (the API's JSON)
        assert (api.question, api.total) == (view.progress.position, view.progress.total)
        assert api.label == view.progress_label
        control = web_control(study, state)
        if view.control is None:
            assert control is None
            continue
        assert control is not None
        assert control.type == view.control.type and control.hint == view.control.hint
        if state.status.finished or state.question_index < 0 or state.awaiting != "answer":
            continue
        question = study.questions[state.question_index]
        if not kind_of(question).closed:
            continue
        drawn = tui_control(question, view.control)
        if drawn is not None and control.hint:
            assert drawn.hint_text.endswith(control.hint)
    assert seen > 3


def test_progress_counts_questions_the_respondent_can_meet() -> None:
    study = load_study(ROOT / "studies" / "invoice-approvals.yaml")
    last = None
    for state in states(study, answer):
        last = session_view(study, state)
    assert last is not None and last.progress.finished
    # tool_gaps is gated on a tool the scripted respondent did not pick: never counted.
    assert last.progress.total == len(study.questions) - 1


def test_every_yaml_type_has_one_module() -> None:
    from interviewer.study import QUESTION_TYPES

    assert set(REGISTRY) == set(QUESTION_TYPES)
    for name, kind in REGISTRY.items():
        assert type(kind).__module__ == f"interviewer.questions.{name}"
