"""The trust guard's checks on their own: each signal fires on what it is for, stays quiet on
genuine answers, and says why in words a person can verify."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from interviewer.quality import AnswerTelemetry, Flag, Signal, StudyIndex, assess, verdict_of
from interviewer.quality.assessment import SessionMaterial, answer_signals
from interviewer.quality.duplicates import SignatureIndex, signature, similarity
from interviewer.quality.effort import AnswerTurn
from interviewer.quality.fingerprint import client_hash
from interviewer.quality.live import attention_reason
from interviewer.quality.style import read_style
from interviewer.store.migrations import MIGRATIONS
from tests.support.guard_study import GENUINE, MACHINE, guard_study

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
STORY = GENUINE[2]


def turn(text: str, telemetry: AnswerTelemetry | None = None, **kw: object) -> AnswerTurn:
    return AnswerTurn(str(kw.get("qid", "q1")), text, True, telemetry, kw.get("seconds"))  # type: ignore[arg-type]


def flags(signals: list[Signal]) -> set[Flag]:
    return {s.flag for s in signals}


def test_migration_is_named_as_agreed() -> None:
    assert [m.__name__ for m in MIGRATIONS][-1] == "m004_trust_signals"


def test_telemetry_refuses_junk_and_keystrokes() -> None:
    with pytest.raises(ValidationError):
        AnswerTelemetry.model_validate({"typing_ms": -1})
    with pytest.raises(ValidationError):
        AnswerTelemetry.model_validate({"keys": ["a", "b"]})  # no field can hold keystrokes
    assert AnswerTelemetry(pasted_chars=50).pasted_share("x" * 100) == 0.5


def test_a_mostly_pasted_answer_is_flagged_with_its_counts() -> None:
    pasted = AnswerTelemetry(typing_ms=900, pastes=1, pasted_chars=len(STORY) - 5)
    [signal] = [s for s in answer_signals(turn(STORY, pasted), "en") if s.flag is Flag.PASTED]
    assert signal.reason.startswith("answer was 97% pasted (")
    assert f"of {len(STORY)} characters, 1 paste(s))" in signal.reason
    half = AnswerTelemetry(typing_ms=30_000, pastes=1, pasted_chars=len(STORY) // 2)
    assert Flag.PASTED not in flags(answer_signals(turn(STORY, half), "en"))


def test_machine_style_needs_missing_specifics_and_two_more_features() -> None:
    machine = read_style(MACHINE, "en")
    assert machine.flagged
    assert machine.reasons[0].startswith("no first-person past specifics")
    assert not read_style(STORY, "en").flagged  # specifics: a day, a time, an amount
    # Long and structured but a real story: never machine style.
    story = "First, " + STORY + " Additionally, " + GENUINE[3] + " Overall, " + GENUINE[0]
    assert not read_style(story, "en").flagged
    # Far above the study's norm counts as a feature of its own.
    normed = read_style(MACHINE + " " + MACHINE, "en", norm_words=10)
    assert any("the study's median" in r for r in normed.reasons)


def test_gibberish_and_speed() -> None:
    assert Flag.GIBBERISH in flags(answer_signals(turn("asdfasdf qwerqwer zxcvzxcv"), "en"))
    fast = AnswerTelemetry(typing_ms=1000, pastes=0, pasted_chars=0)
    [speed] = [s for s in answer_signals(turn(STORY, fast), "en") if s.flag is Flag.SPEEDING]
    assert "typed characters in 1.0 s" in speed.reason
    human = AnswerTelemetry(typing_ms=len(STORY) * 200)
    assert answer_signals(turn(STORY, human), "en") == []
    # Without telemetry the server's own time between question and answer is used.
    assert Flag.SPEEDING in flags(answer_signals(turn(STORY, seconds=0.5), "en"))
    assert Flag.SPEEDING not in flags(answer_signals(turn(STORY, seconds=40.0), "en"))


def material(
    sid: str, texts: tuple[str, ...], *, minutes: int = 0, **kw: object
) -> SessionMaterial:
    turns = tuple(
        AnswerTurn(f"q{i}", t, True, AnswerTelemetry(typing_ms=len(t) * 180 + i * 977))
        for i, t in enumerate(texts)
    )
    return SessionMaterial(sid, T0 + timedelta(minutes=minutes), turns, **kw)  # type: ignore[arg-type]


def test_a_genuine_deep_session_is_ok() -> None:
    mine = material("a", tuple(t for t in GENUINE if t != "no"))
    result = assess(mine, StudyIndex.of([mine]))
    assert (result.verdict, result.signals) == ("ok", ())


def test_minhash_sees_edited_copies_not_unrelated_answers() -> None:
    a, b = signature(STORY), signature(STORY.replace("pizza", "sushi") + " honestly")
    other = signature(GENUINE[3])
    assert a is not None and b is not None and other is not None
    assert similarity(a, b) >= 0.7 and similarity(a, other) < 0.2
    assert signature("Slack and Jira, mostly.") is None  # short answers are never compared
    index = SignatureIndex()
    index.add("s1", "q1", other)
    index.add("s2", "q1", a)
    [match] = index.near_duplicates([("q9", STORY)])
    assert (match.other_session, match.other_question) == ("s2", "q1")
    assert index.near_duplicates([("q9", STORY)], index.mask({"s1"})) == []


def test_duplicates_flag_the_later_session_and_escalate_when_most_answers_are_copies() -> None:
    texts = tuple(t for t in GENUINE if t != "no")
    first, copy = material("first", texts), material("copy", texts, minutes=30)
    index = StudyIndex.of([first, copy])
    assert assess(first, index).verdict == "ok"  # the original is never flagged
    result = assess(copy, index)
    assert result.verdict == "exclude"
    assert "3 of 3 open answers repeat another session's answers" in [
        s.reason for s in result.signals
    ]
    partial = material(
        "partial",
        (texts[0], "A different week: I cooked twice on Monday.", "Nothing else."),
        minutes=40,
    )
    assert assess(partial, StudyIndex.of([first, partial])).verdict == "review"


def test_repeat_device_within_the_window_and_same_open_invite() -> None:
    texts = ("I planned on Sunday night with my partner, five dinners on paper.",)
    one = material("one", texts, client_hash="h1", invite_id="inv")
    two = material(
        "two",
        ("Different words entirely, on Monday at lunch I wrote a list.",),
        minutes=12,
        client_hash="h1",
        invite_id="inv",
    )
    three = material(
        "three",
        ("Tuesday I used a notes app and cooked rice twice that week.",),
        minutes=20,
        client_hash="h1",
    )
    later = material(
        "later",
        ("Wednesday I planned with my sister over the phone for an hour.",),
        minutes=3 * 24 * 60,
        client_hash="h1",
    )
    index = StudyIndex.of([one, two, three, later])
    assert assess(two, index).verdict == "exclude"
    [reason] = [s.reason for s in assess(three, index).signals]
    assert reason.startswith(
        "same device (salted hash of address and browser) as session two, 8 min"
    )
    assert assess(later, index).verdict == "ok"  # days later: a shared computer, not a repeat


def test_client_hash_is_salted_and_never_the_raw_values() -> None:
    first = client_hash("203.0.113.9", "Firefox/130", "salt-1")
    assert first is not None and len(first) == 32
    assert "203.0.113.9" not in first and first == client_hash(
        "203.0.113.9", "Firefox/130", "salt-1"
    )
    assert first != client_hash("203.0.113.9", "Firefox/130", "salt-2")
    assert client_hash("203.0.113.9", "Firefox/130", None) is None


def test_steady_timing_straight_lining_and_a_contradicted_no() -> None:
    bot = SessionMaterial(
        "bot",
        T0,
        tuple(
            AnswerTurn(f"q{i}", f"answer number {i} here", True, AnswerTelemetry(typing_ms=5000))
            for i in range(5)
        ),
        scale_values=(("s1", 4), ("s2", 4), ("s3", 4), ("s4", 4)),
        said_no=(("used", "Have you used Mealime to plan meals?"),),
    )
    liar = SessionMaterial(
        "liar",
        T0,
        (
            AnswerTurn(
                "story", "Last week I opened Mealime and planned four dinners with it.", True
            ),
        ),
        said_no=(("used", "Have you used Mealime to plan meals?"),),
    )
    found = {s.flag: s.reason for s in assess(bot).signals}
    assert found[Flag.IDENTICAL_TIMING].startswith("5 answers each took 5.0 s")
    assert found[Flag.STRAIGHT_LINING] == "all 4 scale answers were 4 (s1, s2, s3, s4)"
    assert Flag.CONTRADICTION not in found
    [contradiction] = assess(liar).signals
    assert contradiction.reason == (
        "answered no to “Have you used Mealime to plan meals?” (used), then told a past story "
        "about mealime in story"
    )
    # A "no" about late fees, then a story about approvals, is no contradiction.
    fine = SessionMaterial(
        "fine",
        T0,
        (
            AnswerTurn(
                "story", "Last week an approval took three days and I chased it twice.", True
            ),
        ),
        said_no=(("late", "Did your company pay a late fee because an approval was slow?"),),
    )
    assert assess(fine).signals == ()


def test_verdict_is_the_worst_severity_and_reviews_never_add_up() -> None:
    review = Signal(Flag.SPEEDING, "review", "x")
    assert verdict_of([]) == "ok"
    assert verdict_of([review] * 5) == "review"
    assert verdict_of([review, Signal(Flag.PASTED, "exclude", "y")]) == "exclude"


def test_live_attention_check_only_on_open_questions_and_only_once() -> None:
    study = guard_study()
    from interviewer.moderator import Moderator

    moderator = Moderator(study)
    state = moderator.respond(moderator.start().state, "yes").state
    pasted = AnswerTelemetry(typing_ms=800, pastes=1, pasted_chars=len(MACHINE))
    reason = attention_reason(study, state, MACHINE, pasted)
    assert reason is not None and reason.startswith("pasted: answer was 100% pasted")
    assert attention_reason(study, state, STORY, AnswerTelemetry(typing_ms=60_000)) is None
    reply = moderator.respond(state, MACHINE, attention_check=reason)
    assert reply.decision.focus == "attention" and reply.state.attention_checked
    assert reply.text.startswith("In your own words") or "in your own words" in reply.text
    assert attention_reason(study, reply.state, MACHINE, pasted) is None  # at most once


def test_no_attention_check_after_a_concrete_past_instance() -> None:
    """Typed impossibly fast (a terminal that set the box at once, CI's Pilot) but a real
    story: asking "what happened the last time" now would be the moderator not listening."""
    from interviewer.moderator import Moderator

    study = guard_study()
    moderator = Moderator(study)
    state = moderator.respond(moderator.start().state, "yes").state
    story = (
        "Last Tuesday my partner got home late, so I threw the chicken I'd planned away and we "
        "ordered pizza for 25 euros instead."
    )
    reason = attention_reason(study, state, story, AnswerTelemetry(typing_ms=50))
    assert reason is not None and reason.startswith("speeding")
    reply = moderator.respond(state, story, attention_check=reason)
    assert reply.decision.focus != "attention" and not reply.state.attention_checked
