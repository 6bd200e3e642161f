"""The conversation audit (benchmarks/conversation_audit.py) finds no misfire with the offline
engine, and does find them when the moderator stops listening."""

from __future__ import annotations

import pytest

from benchmarks.conversation_audit import COUNTS, audit
from interviewer.moderator import policy
from interviewer.moderator.reading import AnswerKind


def test_every_scripted_respondent_gets_zero_misfires() -> None:
    result = audit()
    assert result["counts"] == dict.fromkeys(COUNTS, 0), result["misfires"]
    assert result["respondents"] >= 7
    assert result["outcomes"]["declines-invoice"] == "declined"
    assert all(
        outcome == "completed"
        for name, outcome in result["outcomes"].items()
        if name != "declines-invoice"
    )


def test_the_audit_catches_a_moderator_that_does_not_listen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every answer an ordinary one (no "nothing", no referral), and no story ever noticed.
    monkeypatch.setattr(policy, "answer_kind", lambda message, question: AnswerKind.ANSWER)
    monkeypatch.setattr(policy, "tells_instance", lambda depth: False)
    monkeypatch.setattr(policy.Policy, "_story_told", staticmethod(lambda state: False))
    monkeypatch.setattr(policy, "MAX_INSTANCE_PROBES", 99)
    counts = audit()["counts"]
    assert counts["off_topic_steers_on_valid_answers"] > 0
    assert counts["instance_probes_after_concrete"] > 0
