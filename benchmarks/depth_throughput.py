"""Speed of the offline depth scorer, the moderator's live probe decision. Prints one JSON object.

Target: well under 1 ms per answer on typical answers (the calibration set). Also reported:
10,000-character answers (the scorer reads a bounded prefix, so cost stays flat), and whole
sessions of 12 questions through ``score_session``. Figures are the best of several passes so
a busy machine shows the scorer's cost, not the neighbours'.

Run: ``python benchmarks/depth_throughput.py``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from interviewer.depth import AnswerForScoring, score_answer, score_session

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION = ROOT / "tests" / "data" / "depth_calibration.jsonl"


def _best_of(call: Callable[[], object], passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    with CALIBRATION.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    pairs = [(row["answer"], row["question"]) for row in rows]

    per_answer = sorted(_best_of(partial(score_answer, a, q), 7) for a, q in pairs)
    whole_set = _best_of(lambda: [score_answer(a, q) for a, q in pairs], 7)

    story = " ".join(row["answer"] for row in rows if row["label"] == 5)
    long_answer = (story * (10_000 // len(story) + 1))[:10_000]
    long_seconds = _best_of(lambda: score_answer(long_answer, pairs[0][1]), 20)

    session = [
        AnswerForScoring(q, "open_ended", texts=(a,))
        if i % 3
        else AnswerForScoring(q, "scale", texts=(a,), value=i % 5 + 1)
        for i, (a, q) in enumerate(pairs[:12])
    ]
    session_seconds = _best_of(lambda: score_session(session, duration_seconds=900), 20)

    def us(seconds: float) -> float:
        return round(seconds * 1e6, 1)

    print(
        json.dumps(
            {
                "answers": len(pairs),
                "answers_per_second": round(len(pairs) / whole_set),
                "per_answer_microseconds": {
                    "mean": us(whole_set / len(pairs)),
                    "median": us(statistics.median(per_answer)),
                    "p99": us(per_answer[int(0.99 * (len(per_answer) - 1))]),
                    "max": us(per_answer[-1]),
                },
                "answer_10k_chars_microseconds": us(long_seconds),
                "session_12_questions_microseconds": us(session_seconds),
                "target": "well under 1000 microseconds per answer",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
