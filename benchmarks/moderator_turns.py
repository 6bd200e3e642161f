"""Moderator cost per turn, and prompt tokens per LLM call as an interview grows. Prints JSON.

1. Overhead per turn, excluding model time (p50/p95 ms): the offline engine alone, the offline
   engine with a SQLite store (what a respondent waits for), and the llm engine against the
   local OpenAI-compatible stub server (real LangChain + openai client over HTTP), with the
   time spent inside the model's stream subtracted.
2. Prompt tokens per LLM call vs turn index for a 12-question interview with 2 probes each,
   next to a baseline that resends the full transcript every call (as open-source AI
   interviewers do). Goal: flat per-call tokens and a total under 40% of the baseline.

Run: python benchmarks/moderator_turns.py [--interviews N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.conversation import Conversation  # noqa: E402
from interviewer.llm import ChatModel, Message, ScriptedModel, load_model  # noqa: E402
from interviewer.llm.base import NO_LIMITS, Limits  # noqa: E402
from interviewer.llm.tokens import count_messages  # noqa: E402
from interviewer.moderator import Moderator  # noqa: E402
from interviewer.store import Store  # noqa: E402
from interviewer.study import Study  # noqa: E402
from interviewer.study.file import load_study  # noqa: E402
from tests.support.openai_stub import OpenAIStub  # noqa: E402
from tests.support.respondent import answer  # noqa: E402

PROBE = "When was the last time that happened, and what did you do?"
# Realistic-length answers (30-40 words) that stay shallow, so every question gets 2 probes.
SHALLOW = (
    "Honestly it's generally slow and a bit annoying. There's a lot of back and forth between "
    "teams, people forget to reply, and things drag on for a while, so everyone ends up "
    "frustrated with the whole thing in general.",
    "It's hard to say exactly, it just tends to happen a lot. Different people, different "
    "weeks, the same story really: nobody owns it, so it sits there and then somebody has to "
    "chase it again.",
    "Not much more to add, it's the kind of thing that happens all the time around here and "
    "we've sort of learned to live with it, even if nobody likes it very much.",
)


class TimedModel(ChatModel):
    """Wraps a model and records how long each call spent inside it."""

    def __init__(self, inner: ChatModel) -> None:
        self.inner, self.name, self.seconds = inner, inner.name, 0.0

    def stream(
        self, messages: Sequence[Message], *, json_mode: bool = False, limits: Limits = NO_LIMITS
    ) -> Iterator[str]:
        started = time.perf_counter()
        try:
            yield from self.inner.stream(messages, json_mode=json_mode, limits=limits)
        finally:
            self.seconds += time.perf_counter() - started


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "n": len(ordered),
        "p50_ms": round(pick(0.5) * 1000, 3),
        "p95_ms": round(pick(0.95) * 1000, 3),
    }


def overhead_offline(studies: list[Study], interviews: int) -> dict[str, float]:
    samples: list[float] = []
    for i in range(interviews):
        study = studies[i % len(studies)]
        moderator = Moderator(study)
        state = moderator.start().state
        while not state.status.finished:
            line = answer(study, state)
            started = time.perf_counter()
            state = moderator.respond(state, line).state
            samples.append(time.perf_counter() - started)
    return percentiles(samples)


def overhead_stored(studies: list[Study], interviews: int) -> dict[str, float]:
    samples: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        for i in range(interviews):
            study = studies[i % len(studies)]
            conversation = Conversation.begin(store, Moderator(study))
            while not conversation.finished:
                line = answer(study, conversation.state)
                started = time.perf_counter()
                conversation.send(line)
                samples.append(time.perf_counter() - started)
        store.close()
    return percentiles(samples)


def probing_study(questions: int = 12) -> Study:
    return Study.model_validate(
        {
            "id": "bench",
            "title": "Benchmark study",
            "decision": "Measure token growth",
            "consent": "Consent text for the benchmark.",
            "moderator": {"max_follow_ups": 2, "target_depth": 5},
            "questions": [
                {
                    "id": f"q{i}",
                    "type": "open_ended",
                    "goal": f"Learn about workflow step {i}",
                    "text": f"Tell me about the last time workflow step {i} got in your way.",
                }
                for i in range(1, questions + 1)
            ],
        }
    )


def overhead_llm(interviews: int, token_latency: float) -> dict[str, Any]:
    study = probing_study()
    samples: list[float] = []
    model_seconds = 0.0
    with OpenAIStub(token_latency=token_latency, default_reply=PROBE) as stub:
        model = TimedModel(load_model("openai:stub", base_url=stub.url, api_key="x"))
        moderator = Moderator(study, model)
        for _ in range(interviews):
            state = moderator.start().state
            state = moderator.respond(state, "yes").state
            while not state.status.finished:
                line = SHALLOW[state.follow_ups % len(SHALLOW)]
                model.seconds = 0.0
                started = time.perf_counter()
                state = moderator.respond(state, line).state
                elapsed = time.perf_counter() - started
                model_seconds += model.seconds
                samples.append(elapsed - model.seconds)
    return {
        **percentiles(samples),
        "token_latency_s": token_latency,
        "model_seconds_total": round(model_seconds, 3),
    }


def token_growth() -> dict[str, Any]:
    """Tokens of each LLM call vs the full-history baseline, over one 12×(1+2) interview.

    The baseline sends exactly what we send plus every earlier turn of the transcript — what
    an interviewer that keeps the whole chat as its context pays on every call.
    """
    study = probing_study()
    model = ScriptedModel(default=PROBE)
    moderator = Moderator(study, model)
    reply = moderator.start()
    state = reply.state
    history: list[Message] = [Message("assistant", reply.text)]
    ours: list[int] = []
    baseline: list[int] = []
    turn_index: list[int] = []
    for turn, line in enumerate(["yes"] + [SHALLOW[i % 3] for i in range(3 * 12)], start=1):
        if state.status.finished:
            break
        calls_before = len(model.calls)
        history.append(Message("user", line))
        reply = moderator.respond(state, line)
        state = reply.state
        if len(model.calls) > calls_before:
            system, *rest = model.calls[-1]
            ours.append(count_messages(model.calls[-1]))
            baseline.append(count_messages([system, *history[:-1], *rest]))
            turn_index.append(turn)
        history.append(Message("assistant", reply.text))
    first, last = ours[0], ours[-1]
    return {
        "llm_calls": len(ours),
        "per_call_prompt_tokens": ours,
        "baseline_per_call_prompt_tokens": baseline,
        "turn_index": turn_index,
        "ours_total": sum(ours),
        "baseline_total": sum(baseline),
        "ratio_total": round(sum(ours) / sum(baseline), 3),
        "ours_last_over_first": round(last / first, 3),
        "baseline_last_over_first": round(baseline[-1] / baseline[0], 3),
        "goal_total_ratio_below": 0.40,
        "goal_met": sum(ours) / sum(baseline) < 0.40 and last / first < 1.5,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=20)
    parser.add_argument("--token-latency", type=float, default=0.002)
    args = parser.parse_args()
    studies = [load_study(p) for p in sorted((ROOT / "studies").glob("*.yaml"))]
    result = {
        "overhead_offline_engine": overhead_offline(studies, args.interviews),
        "overhead_offline_engine_with_sqlite_store": overhead_stored(
            studies, max(4, args.interviews // 4)
        ),
        "overhead_llm_engine_stub_excluding_model_time": overhead_llm(
            max(1, args.interviews // 10), args.token_latency
        ),
        "prompt_tokens": token_growth(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
