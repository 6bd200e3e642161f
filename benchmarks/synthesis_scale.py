"""The offline engine from 10 to 10,000 answers: import, synthesize, render. Prints JSON.

Answers are survey-style (one CSV row per respondent) built from clauses about invoice
approvals, varied per row so that no two are identical. The run imports them with
``interviewer import``'s code, synthesizes offline (no network) and renders all three formats,
checking every displayed quote against the store.

Run: ``python benchmarks/synthesis_scale.py [--sizes 10,10000] [--embedding tfidf-svd]``.
Importing is store-bound (a few transactions per row); expect minutes for 10,000 rows.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interviewer.importers.files import import_files  # noqa: E402
from interviewer.report.render import render  # noqa: E402
from interviewer.store import Store  # noqa: E402
from interviewer.synthesis.pipeline import SynthesisOptions, synthesize, verbatim_problems  # noqa: E402

OPENINGS = ["Last week", "Last month", "On Tuesday", "In March", "Yesterday", "Two weeks ago"]
PAINS = [
    "the approver was travelling and the invoice sat for {n} days",
    "I chased the budget owner by email {n} times before he signed",
    "the purchase order did not match the invoice and procurement took {n} days to fix it",
    "nobody knew who was allowed to approve a software invoice over ${n}00",
    "we paid a late fee of ${n}0 because the approval came too late",
    "the ERP reminder went to an approver who had left the company {n} months ago",
    "the cost centre code was missing so I guessed and it bounced back {n} days later",
]
CONSEQUENCES = [
    "which meant a second payment run.",
    "so the supplier put us on hold.",
    "and my manager had to step in.",
    "so I now keep a spreadsheet of everything waiting.",
    "and we missed the early-payment discount.",
    "which cost me most of the afternoon.",
]


def answers(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [
        f"{rng.choice(OPENINGS)} {rng.choice(PAINS).format(n=rng.randint(2, 9))}, {rng.choice(CONSEQUENCES)}"
        for _ in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="10,10000")
    parser.add_argument(
        "--embedding", default="tfidf-svd", choices=("auto", "sentence", "tfidf-svd")
    )
    args = parser.parse_args()
    runs = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            csv_path = Path(folder) / "answers.csv"
            rows = "\n".join(f'r{i},"{text}"' for i, text in enumerate(answers(size)))
            csv_path.write_text(
                f"id,What was the hardest part of your last invoice approval?\n{rows}\n", "utf-8"
            )
            with Store(f"sqlite:///{Path(folder) / 'scale.db'}") as store:
                started = time.perf_counter()
                import_files(store, [csv_path], study_id="scale")
                imported = time.perf_counter() - started
                started = time.perf_counter()
                report = synthesize(
                    store, "scale", options=SynthesisOptions(embedding=args.embedding)
                )
                synthesized = time.perf_counter() - started
                started = time.perf_counter()
                sizes = {fmt: len(render(report, fmt).encode()) for fmt in ("html", "md", "json")}
                rendered = time.perf_counter() - started
                turns = {
                    t.id: t for row in report.sessions for t in store.transcript(row.session_id)
                }
                problems = verbatim_problems(report, turns)
        runs.append(
            {
                "answers": size,
                "sessions_included": report.methodology.sessions_included,
                "themes": len(report.themes),
                "sub_themes": sum(len(t.sub_themes) for t in report.themes),
                "not_enough_data": report.not_enough_data,
                "insights": len(report.insights),
                "quotes": len(report.all_quotes()),
                "verbatim_problems": len(problems),
                "transcripts_in_report": len(report.transcripts),
                "import_seconds": round(imported, 2),
                "synthesis_seconds": round(synthesized, 2),
                "render_seconds": round(rendered, 2),
                "bytes": sizes,
            }
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "benchmark": "synthesis_scale",
                "embedding": args.embedding,
                "runs": runs,
                "peak_rss_mb": round(peak_mb),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
