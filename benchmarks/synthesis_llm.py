"""The LLM synthesis path against the OpenAI-compatible stub server. Prints one JSON object.

The stub's scripted model (synthesis_responder.py) answers every synthesis prompt in shape and
gets about a quarter of its quotes wrong on purpose: paraphrases, wrong turns, ellipses and
inventions. Measured, for growing numbers of interviews (scripted chats of the invoice study):

- ``displayed_verbatim_rate``: share of quotes in the report that are their cited turn's text.
  Hard gate: must be 1.0 (the script exits 1 otherwise);
- ``raw_verbatim_rate``: share of the model's proposed quotes that were verbatim in their cited
  turn before any correction — what verification saves a reader from;
- LLM calls and tokens per interview, which must stay flat as interviews grow (linear cost).

Run: ``python benchmarks/synthesis_llm.py [--sizes 5,10,20,40]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interviewer.llm import load_model  # noqa: E402
from interviewer.store import Store  # noqa: E402
from interviewer.synthesis.pipeline import synthesize, verbatim_problems  # noqa: E402
from tests.support.openai_stub import OpenAIStub  # noqa: E402
from tests.support.synthesis_data import load_example, run_interviews  # noqa: E402
from tests.support.synthesis_responder import http_responder  # noqa: E402

STUDY = "invoice-approvals"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="5,10,20,40", help="interview counts, ascending")
    parser.add_argument(
        "--context-window",
        type=int,
        default=128_000,
        help="window the stub model claims (default 128000; llama.cpp serves 4096)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder, OpenAIStub() as stub:
        stub.responder = http_responder
        model = load_model(
            "openai:stub-model",
            base_url=stub.url,
            api_key="x",
            backoff=0.01,
            context_window=args.context_window,
        )
        study = load_example(STUDY)
        with Store(f"sqlite:///{Path(folder) / 'bench.db'}") as store:
            done = 0
            for size in sizes:
                run_interviews(store, study, size - done, seed=done + 1)  # grow the study
                done = size
                stub.requests.clear()
                started = time.perf_counter()
                report = synthesize(store, STUDY, model=model)
                seconds = time.perf_counter() - started
                turns = {t.id: t for r in report.sessions for t in store.transcript(r.session_id)}
                quotes = report.all_quotes()
                problems = verbatim_problems(report, turns)
                m = report.methodology
                audit, usage = m.quotes, m.usage
                n = m.sessions_included
                rows.append(
                    {
                        "interviews": n,
                        "llm_calls": usage.calls,
                        "http_requests": len(stub.requests),
                        "prompt_tokens": usage.prompt_tokens,
                        "completion_tokens": usage.completion_tokens,
                        "calls_per_interview": round(usage.calls / n, 3),
                        "tokens_per_interview": round(
                            (usage.prompt_tokens + usage.completion_tokens) / n, 1
                        ),
                        "tokens_by_stage": usage.by_stage,
                        "quotes_proposed": audit.proposed,
                        "quotes_exact": audit.exact,
                        "quotes_neighbour": audit.neighbour,
                        "quotes_repaired": audit.repaired,
                        "quotes_dropped": audit.dropped,
                        "raw_verbatim_rate": audit.raw_verbatim_rate,
                        "quotes_displayed": len(quotes),
                        "displayed_verbatim_rate": 1 - len(problems) / len(quotes)
                        if quotes
                        else None,
                        "themes": len(report.themes),
                        "written_by": {st.stage: st.written_by for st in m.stages},
                        "seconds": round(seconds, 2),
                    }
                )
    # Coding is the per-interview cost; theme merging, insights and hypotheses are a few calls
    # whatever the size. Linear growth: coding tokens per interview stay flat, and total tokens
    # fit a straight line in the number of interviews.
    coding = [r["tokens_by_stage"].get("coding", 0) / r["interviews"] for r in rows]
    spread = (max(coding) - min(coding)) / (sum(coding) / len(coding))
    slope, intercept, r2 = _line(
        [r["interviews"] for r in rows], [r["prompt_tokens"] + r["completion_tokens"] for r in rows]
    )
    result = {
        "benchmark": "synthesis_llm",
        "study": STUDY,
        "context_window": args.context_window,
        "runs": rows,
        "coding_tokens_per_interview": [round(c, 1) for c in coding],
        "coding_tokens_per_interview_spread": round(spread, 3),
        "total_tokens_fit": {
            "per_interview": round(slope, 1),
            "fixed": round(intercept, 1),
            "r2": round(r2, 4),
        },
        "linear": spread <= 0.15 and r2 >= 0.99,
        "verbatim_gate_passed": all(r["displayed_verbatim_rate"] == 1.0 for r in rows),
    }
    print(json.dumps(result, indent=2))
    if not result["verbatim_gate_passed"]:
        sys.exit(1)


def _line(xs: list[int], ys: list[int]) -> tuple[float, float, float]:
    """Least-squares slope, intercept and r² of ys against xs."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if n < 2 or sxx == 0:
        return 0.0, my, 1.0
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    total = sum((y - my) ** 2 for y in ys)
    residual = sum((y - slope * x - intercept) ** 2 for x, y in zip(xs, ys, strict=True))
    return slope, intercept, 1 - residual / total if total else 1.0


if __name__ == "__main__":
    main()
