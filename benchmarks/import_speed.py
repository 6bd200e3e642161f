"""Speed of ``interviewer import`` on a survey CSV: batched path vs the old one-by-one path.

Generates a CSV of N rows (default 20,000; a respondent id and three open questions answered
in plain sentences) and imports it into a fresh SQLite file twice in the same run: with
``import_files`` as it is (``batches.store_all``: one transaction and one multi-row INSERT per
table per :data:`~interviewer.importers.batches.BATCH` rows, depth scores computed by worker
processes a batch ahead), and
with the path it replaced (``store_interview``: one transaction per row, then the session
read back and scored in two more). The old path runs on ``--old-rows`` rows (default 1,000),
because at its speed 20,000 take minutes; rates are per row either way. Then the same CSV is
imported again to show that nothing is duplicated. Prints one JSON object.

Run: ``python benchmarks/import_speed.py [--rows 20000] [--old-rows 1000]``.
Target: the batched path at least 20× the old rate; a repeated import stores 0 sessions.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import interviewer.importers.batches as batches
import interviewer.importers.files as files
from interviewer.store import Store

QUESTIONS = (
    "What slows invoice approvals down?",
    "What did you try to speed them up?",
    "What happened the last time one was late?",
)
_OPENINGS = (
    "Honestly the main thing is",
    "Last month",
    "For us it is mostly that",
    "I think",
    "Every quarter",
    "The last time it happened",
)
_MIDDLES = (
    "the approver was travelling and nobody else could sign",
    "we kept a spreadsheet and chased people by email",
    "the supplier called twice about a late fee of about 40 euros",
    "our ERP sends reminders but people ignore them",
    "my manager approves everything on Fridays in one go",
    "invoices sit in a shared inbox for three or four days",
    "we tried Slack reminders and it helped a little",
)
_ENDINGS = (
    ".",
    ", which was frustrating.",
    ", so we paid late.",
    " and it took a week to sort out.",
    ", but that is just how it is here.",
)


def answer(rng: random.Random) -> str:
    sentences = [
        f"{rng.choice(_OPENINGS)} {rng.choice(_MIDDLES)}{rng.choice(_ENDINGS)}"
        for _ in range(rng.randint(1, 3))
    ]
    return " ".join(sentences)


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent_id", *QUESTIONS])
        for n in range(rows):
            writer.writerow([f"R{n:06d}", *(answer(rng) for _ in QUESTIONS)])


def _one_by_one(store: Store, study: Any, batch: Sequence[Any], **_: Any) -> Iterator[str]:
    for interview in batch:
        yield files.store_interview(store, study, interview)


def timed_import(db: Path, csv_path: Path, *, old: bool) -> dict[str, Any]:
    replaced = files.store_all
    if old:
        files.store_all = _one_by_one  # type: ignore[assignment]
    try:
        with Store(f"sqlite:///{db}") as store:
            started = time.perf_counter()
            result = files.import_files(store, [csv_path], study_id="invoice-survey")
            seconds = time.perf_counter() - started
    finally:
        files.store_all = replaced
    stored = len(result.sessions)
    return {
        "rows": stored,
        "seconds": round(seconds, 2),
        "rows_per_second": round(stored / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--old-rows", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        big, small = work / "survey.csv", work / "survey-old.csv"
        write_csv(big, args.rows)
        write_csv(small, args.old_rows)
        old = timed_import(work / "old.db", small, old=True)
        new = timed_import(work / "new.db", big, old=False)
        with Store(f"sqlite:///{work / 'new.db'}") as store:
            started = time.perf_counter()
            again = files.import_files(store, [big], study_id="invoice-survey")
            again_seconds = time.perf_counter() - started
            total = len(store.list_sessions("invoice-survey"))
    print(
        json.dumps(
            {
                "batch": batches.BATCH,
                "old_one_by_one": old,
                "batched": new,
                "speedup": round(new["rows_per_second"] / old["rows_per_second"], 1),
                "import_again": {
                    "stored": len(again.sessions),
                    "already_imported": len(again.already_imported),
                    "seconds": round(again_seconds, 2),
                    "sessions_in_store": total,
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
