"""A moderator that listens: probes fit what the answer already holds (issue 10).

Each test replays a misfire from the issue with its exact input on the invoice-approvals example
study, offline engine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interviewer.interview import InterviewState, Reply, TurnKind
from interviewer.moderator import Moderator
from interviewer.moderator.plan import Focus
from interviewer.moderator.reading import AnswerKind, answer_kind, probe_intent, referral_target
from interviewer.moderator.wording import clean_quote, reflection
from interviewer.study import Study, load_study

ROOT = Path(__file__).resolve().parent.parent
STORY = (
    "Last Tuesday an invoice from Acme for $4,200 arrived; I emailed Dana in ops, she approved "
    "it on Friday after I chased her twice on Slack."
)


@pytest.fixture(scope="module")
def study() -> Study:
    return load_study(ROOT / "studies" / "invoice-approvals.yaml")


class Session:
    def __init__(self, study: Study) -> None:
        self.study = study
        self.moderator = Moderator(study)
        self.state: InterviewState = self.moderator.start().state
        self.replies: list[Reply] = []
        self.say("yes")

    def say(self, message: str) -> Reply:
        reply = self.moderator.respond(self.state, message)
        self.state = reply.state
        self.replies.append(reply)
        return reply

    def to(self, question_id: str) -> None:
        """Answer the script deeply until ``question_id`` is asked."""
        closed = {
            "involvement": "I processed invoices (accounts payable)",
            "company_size": "200–2,000",
            "volume": "100–500",
            "wait_impact": "4",
            "tools": "Email",
            "delay_causes": "1, 2, 3",
            "late_payment": "yes",
        }
        while self.state.current_id != question_id:
            assert not self.state.status.finished, f"never reached {question_id}"
            if self.state.awaiting == "why":
                self.say("Because it blocked me for a day.")
            else:
                self.say(closed.get(self.state.current_id or "", STORY))


def test_a_concrete_story_is_never_probed_for_an_instance_again(study: Study) -> None:
    session = Session(study)
    session.to("last_invoice")
    session.say(STORY)
    session.to("who_else")
    probes = [r for r in session.replies if r.kind is TurnKind.PROBE]
    assert all(r.decision.focus != Focus.INSTANCE.value for r in probes)
    for reply in probes:
        assert probe_intent(reply.text) is not Focus.INSTANCE, reply.text
    assert not any("specific time" in r.text or "most recent time" in r.text for r in probes)


def test_after_a_story_a_vague_answer_is_dug_into_not_asked_for_an_instance(study: Study) -> None:
    session = Session(study)
    session.to("last_invoice")
    session.say(STORY)
    session.to("hardest")
    reply = session.say("It was unclear who owned the cost centre.")
    assert reply.kind is TurnKind.PROBE
    assert reply.decision.focus in ("why", "workaround", "cost", "authored")
    assert reply.decision.focus != "instance"
    # The authored probe "Can you tell me about the moment it got stuck?" asks for an instance.
    assert "moment it got stuck" not in reply.text


def test_a_referral_is_a_complete_answer(study: Study) -> None:
    session = Session(study)
    session.to("who_else")
    reply = session.say("Talk to Priya, the plant controller.")
    assert reply.kind is TurnKind.CLOSE
    assert "most recent time" not in reply.text
    assert reply.text.startswith("Thanks — I've noted Priya, the plant controller.")


@pytest.mark.parametrize("answer", ["Nothing.", "No one really.", "None."])
def test_nothing_is_a_valid_answer_never_an_off_topic_steer(study: Study, answer: str) -> None:
    session = Session(study)
    session.to("workaround")
    reply = session.say(answer)
    assert reply.kind is not TurnKind.STEER
    assert "stay on our topic" not in reply.text
    assert reply.decision.action == "move_on"
    assert session.state.answers["workaround"].texts == [answer]


def test_a_refusal_is_a_complete_answer(study: Study) -> None:
    session = Session(study)
    session.to("role")
    reply = session.say("I'd rather not say.")
    assert reply.kind is TurnKind.ASK and reply.question_id == "last_invoice"


def test_authored_probes_come_before_generic_ones(study: Study) -> None:
    session = Session(study)
    session.to("role")
    reply = session.say("AP clerk, I mostly key invoices into NetSuite and chase approvers.")
    assert reply.decision.focus == "authored"
    assert reply.text == "Who else did you work with on approvals last week?"


def test_no_probe_intent_is_repeated_on_one_question(study: Study) -> None:
    session = Session(study)
    session.to("why_hard")
    start = len(session.replies)
    for text in ("dunno, it just was", "hard to say, it was annoying", "it was annoying"):
        if session.state.current_id != "why_hard":
            break
        session.say(text)
    probes = [r for r in session.replies[start:] if r.kind is TurnKind.PROBE]
    intents = [probe_intent(r.text) or r.decision.focus for r in probes]
    assert len(intents) == len(set(intents))
    # "Why was that the hard part?" already asks why: no why-probe follows it.
    assert all(r.decision.focus != "why" for r in probes)


def test_quotes_are_whole_clauses_or_nothing(study: Study) -> None:
    assert clean_quote("AP clerk, I mostly key invoices into") is None
    assert (
        clean_quote("AP clerk, I mostly key invoices into NetSuite and chase approvers.")
        == "I mostly key invoices into NetSuite and chase approvers"
    )
    assert (
        clean_quote("It was unclear who owned the cost centre.")
        == "it was unclear who owned the cost centre"
    )
    session = Session(study)
    session.to("role")
    reply = session.say("AP clerk, I mostly key invoices into NetSuite and chase approvers.")
    assert "AP clerk I mostly key invoices into”" not in reply.text
    for quoted in re.findall(r"“([^”]*)”", reply.text):
        assert clean_quote(quoted) is not None


def test_acknowledgement_reflects_what_was_said_or_is_silent(study: Study) -> None:
    assert reflection("Twenty minutes every Friday chasing people.") == (
        "Twenty minutes every Friday — that adds up."
    )
    session = Session(study)
    session.to("hardest")
    reply = session.say("Twenty minutes every Friday chasing people.")
    assert reply.text.startswith("Twenty minutes every Friday — that adds up.")
    session = Session(study)
    session.to("last_invoice")
    reply = session.say(STORY)
    # Nothing worth reflecting: the next question comes with nothing before it.
    assert reply.text.startswith("Roughly how many supplier invoices")


def test_no_praise_and_no_capital_after_a_dash(study: Study) -> None:
    session = Session(study)
    session.to("who_else")
    texts = [r.text for r in session.replies]
    for text in texts:
        assert "Got it — " not in text
        assert not re.search(r" — [A-Z][a-z]", text.split("\n")[0]) or "Priya" in text
        assert not re.search(r"\b(great|excellent|awesome|love)\b", text, re.I)


def test_answer_kind() -> None:
    assert answer_kind("Nothing.", "What did you do?") is AnswerKind.NOTHING
    assert answer_kind("No one really.", "Who helped?") is AnswerKind.NOTHING
    assert answer_kind("Talk to Priya, the plant controller.", "Who else?") is AnswerKind.REFERRAL
    assert answer_kind("It broke again last week.", "What happened?") is AnswerKind.ANSWER


@pytest.mark.parametrize("answer", ["Nada.", "Nadie, la verdad.", "Niemand.", "Rien.", "Ninguém."])
def test_nothing_in_other_languages_is_a_complete_answer(answer: str) -> None:
    assert answer_kind(answer, "¿Quién más?") is AnswerKind.NOTHING


def test_referrals_in_other_languages() -> None:
    assert referral_target("Habla con Ana, mi hermana.") == "Ana, mi hermana"
    assert referral_target("Sprich mit Jonas.") == "Jonas"
    assert referral_target("Parle à Claire.") == "Claire"
    assert referral_target("Fale com a Rita.") == "Rita"
