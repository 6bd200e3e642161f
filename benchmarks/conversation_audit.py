"""Does the moderator listen? A conversation audit over scripted respondents. Prints JSON.

Runs every respondent in ``tests/data/audit_respondents.yaml`` (deep, terse, fluffy,
"nothing", referral, refusal, and other languages) through the moderator and counts misfires
(target: 0 each, offline engine):

- ``instance_probes_after_concrete``: asking for "a specific time" after the answer on this
  question already told one, or a generic instance probe after any earlier answer told one;
- ``off_topic_steers_on_valid_answers``: an off-topic or gibberish steer on a scripted answer
  (every scripted answer is valid for its question);
- ``repeated_probe_intents``: the same probe intent twice on one question;
- ``fragment_quotes``: a quote of the respondent that is not a whole clause they said;
- ``answers_lost_to_parse_failures``: a closed answer given up on after re-asks;
- ``consent_misread``: a consent reply read as other than what it meant.

- ``valid_closed_answers_reasked``: a closed answer asked again although the script's answer
  was valid ("vier", "oui", "zuerst 1, dann 4"): not lost, but not read.

Also the moderator's overhead per turn (p50/p95 ms, target p95 < 5 ms offline) and, with
``--llm-url`` (an OpenAI-compatible server such as ``scripts/start_llama.sh``), the share of
conversational turns the model wrote vs those that fell back to offline wording, and why.

Run: python benchmarks/conversation_audit.py [--only NAME] [--llm-url URL --llm-model NAME]
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.depth import score_answer  # noqa: E402
from interviewer.interview import InterviewState, Reply, Status, TurnKind  # noqa: E402
from interviewer.llm.base import ChatModel  # noqa: E402
from interviewer.moderator import Moderator  # noqa: E402
from interviewer.moderator.plan import Focus  # noqa: E402
from interviewer.moderator.reading import probe_intent, tells_instance  # noqa: E402
from interviewer.moderator.wording import clean_quote, whole_clauses  # noqa: E402
from interviewer.questions import kind_of  # noqa: E402
from interviewer.study import Study, load_study  # noqa: E402

DATA = ROOT / "tests" / "data" / "audit_respondents.yaml"
STUDIES = ROOT / "studies"
COUNTS = (
    "instance_probes_after_concrete",
    "off_topic_steers_on_valid_answers",
    "repeated_probe_intents",
    "fragment_quotes",
    "answers_lost_to_parse_failures",
    "consent_misread",
    "valid_closed_answers_reasked",
)
_QUOTE = re.compile(r"[“\"«„]([^”\"»“]+)[”\"»“]")
_WORD = re.compile(r"[\w'’$%-]+", re.UNICODE)
_SCORE_TAKES_LANG = "lang" in inspect.signature(score_answer).parameters
MAX_TURNS = 120


@dataclass
class Audit:
    counts: Counter[str] = field(default_factory=Counter)
    turn_ms: list[float] = field(default_factory=list)
    misfires: list[dict[str, Any]] = field(default_factory=list)
    samples: list[dict[str, str]] = field(default_factory=list)
    conversational: Counter[str] = field(default_factory=Counter)
    fallbacks: Counter[str] = field(default_factory=Counter)
    turns: int = 0

    def flag(self, what: str, respondent: str, said: str, reply: Reply) -> None:
        self.counts[what] += 1
        self.misfires.append(
            {"what": what, "respondent": respondent, "said": said, "moderator": reply.text}
        )


def _depth_story(text: str, question_text: str, lang: str) -> bool:
    if _SCORE_TAKES_LANG:
        return tells_instance(score_answer(text, question_text, lang=lang))
    return tells_instance(score_answer(text, question_text))


def _asks_instance(reply: Reply) -> bool:
    focus = reply.decision.focus
    if focus in (Focus.INSTANCE.value, Focus.GENERIC.value, Focus.HYPOTHETICAL.value):
        return True
    return focus == Focus.AUTHORED.value and probe_intent(reply.text) is Focus.INSTANCE


def run_respondent(
    spec: dict[str, Any], study: Study, audit: Audit, model: ChatModel | None = None
) -> Status:
    name = str(spec["name"])
    lang = str(spec.get("language", "en"))
    moderator = Moderator(study, model)
    state: InterviewState = moderator.start().state
    consent = list(spec.get("consent") or [{"text": "yes", "expect": "yes"}])
    answers: dict[str, Any] = dict(spec.get("answers") or {})
    given: Counter[str] = Counter()
    story_before: set[str] = set()  # questions whose answers told a concrete instance
    for turn in range(MAX_TURNS):
        if state.status.finished:
            break
        expect: str | None = None
        if state.awaiting == "consent":
            if not consent:
                break
            item = consent.pop(0)
            said, expect = str(item["text"]), str(item["expect"])
        elif state.awaiting == "why":
            said = str(spec.get("why") or "skip")
        else:
            qid = study.questions[state.question_index].id
            script = answers.get(qid, "skip")
            lines = script if isinstance(script, list) else [script]
            said = str(lines[given[qid]]) if given[qid] < len(lines) else "skip"
            given[qid] += 1
        question = study.questions[state.question_index] if state.question_index >= 0 else None
        start = time.perf_counter()
        reply = moderator.respond(state, said)
        audit.turn_ms.append((time.perf_counter() - start) * 1000)
        audit.turns += 1
        if expect is not None:
            outcome = {
                Status.ACTIVE: "yes",
                Status.COMPLETED: "yes",
                Status.SCREENED_OUT: "yes",
                Status.DECLINED: "no",
                Status.STOPPED: "no",
                Status.CONSENT: "unclear",
            }.get(reply.state.status, "unclear")
            if outcome != expect:
                audit.flag("consent_misread", name, said, reply)
        elif question is not None and state.awaiting == "answer":
            _check_answer(audit, name, lang, question, said, reply, state, story_before)
        if reply.kind in (TurnKind.PROBE, TurnKind.REDIRECT, TurnKind.STEER):
            audit.conversational[reply.engine.split(" ")[0].split(":")[0]] += 1
            if reply.engine.startswith("offline (fallback"):
                audit.fallbacks[reply.engine.split(":", 1)[-1].strip(" )")[:60]] += 1
        if len(audit.samples) < 40 and reply.kind in (TurnKind.PROBE, TurnKind.REDIRECT):
            audit.samples.append({"respondent": name, "said": said, "moderator": reply.text})
        state = reply.state
        del turn
    return state.status


def _check_answer(
    audit: Audit,
    name: str,
    lang: str,
    question: Any,
    said: str,
    reply: Reply,
    before: InterviewState,
    story_before: set[str],
) -> None:
    if reply.decision.action == "give_up":
        audit.flag("answers_lost_to_parse_failures", name, said, reply)
    if reply.kind is TurnKind.CLARIFY:
        # Not lost (the answer is asked again), but a valid scripted answer was not read.
        audit.flag("valid_closed_answers_reasked", name, said, reply)
    if kind_of(question).closed:
        return
    if reply.kind is TurnKind.STEER and reply.decision.focus in ("off_topic", "gibberish"):
        audit.flag("off_topic_steers_on_valid_answers", name, said, reply)
    record = before.answers.get(question.id)
    thread = [*(record.texts if record else []), said]
    story_here = _depth_story("\n".join(thread), question.text, lang) or any(
        _depth_story(t, question.text, lang) for t in thread
    )
    story_earlier = bool(story_before - {question.id})
    if reply.kind in (TurnKind.PROBE, TurnKind.REDIRECT) and reply.question_id == question.id:
        generic = reply.decision.focus == Focus.INSTANCE.value
        if _asks_instance(reply) and (story_here or (story_earlier and generic)):
            audit.flag("instance_probes_after_concrete", name, said, reply)
        intents = _intents_on(reply.state, question.id)
        if len(intents) != len(set(intents)):
            audit.flag("repeated_probe_intents", name, said, reply)
        # A quote must be a whole clause of what they said on this question (see wording.py).
        clauses = {" ".join(c.split()) for text in thread for c in whole_clauses(text)}
        for quoted in _QUOTE.findall(reply.text):
            words = " ".join(_WORD.findall(quoted.lower()))
            if words not in clauses and clean_quote(quoted) != quoted:
                audit.flag("fragment_quotes", name, said, reply)
    if story_here:
        story_before.add(question.id)


def _intents_on(state: InterviewState, question_id: str) -> list[str]:
    """Probe intents used on one question, from the state's record of probes."""
    intents: list[str] = []
    for key in state.used_phrasings:
        parts = key.split(":", 2)
        if parts[0] != question_id or len(parts) < 2:
            continue
        if parts[1] == Focus.AUTHORED.value and len(parts) == 3:
            intent = probe_intent(parts[2])
            intents.append(intent.value if intent else f"authored:{parts[2]}")
        else:
            intents.append(parts[1])
    return intents


def audit(only: str | None = None, model: ChatModel | None = None) -> dict[str, Any]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    result = Audit()
    statuses: dict[str, str] = {}
    kinds: Counter[str] = Counter()
    for spec in data["respondents"]:
        if only and spec["name"] != only:
            continue
        study = load_study(STUDIES / spec["study"])
        statuses[spec["name"]] = run_respondent(spec, study, result, model).value
        kinds[str(spec.get("language", "en"))] += 1
    ms = sorted(result.turn_ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))] if ms else 0.0
    out: dict[str, Any] = {
        "engine": "offline" if model is None else f"llm:{model.name}",
        "respondents": len(statuses),
        "languages": dict(kinds),
        "turns": result.turns,
        "counts": {name: result.counts[name] for name in COUNTS},
        "all_zero": all(result.counts[name] == 0 for name in COUNTS),
        "overhead_ms_per_turn": {
            "p50": round(statistics.median(ms), 3) if ms else 0.0,
            "p95": round(p95, 3),
        },
        "outcomes": statuses,
        "misfires": result.misfires,
        "sample_probes": result.samples[:12],
    }
    if model is not None:
        total = sum(result.conversational.values())
        written = result.conversational.get("llm", 0)
        out["model_written_share"] = round(written / total, 3) if total else None
        out["conversational_turns"] = total
        out["fallback_reasons"] = dict(result.fallbacks.most_common())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", help="run one respondent by name")
    parser.add_argument("--llm-url", help="an OpenAI-compatible base URL (.../v1)")
    parser.add_argument("--llm-model", default="smollm2", help="model name at --llm-url")
    args = parser.parse_args(argv)
    model = None
    if args.llm_url:
        from interviewer.llm import load_model

        model = load_model(args.llm_model, base_url=args.llm_url, timeout=60.0, max_retries=0)
    print(json.dumps(audit(args.only, model), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
