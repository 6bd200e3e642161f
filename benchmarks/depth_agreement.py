"""How well the offline depth scorer agrees with people. Prints one JSON object.

1. The labelled calibration set (``tests/data/depth_calibration.jsonl``, labels written from
   the rubric in ``docs/depth-rubric.md``): Spearman ρ, quadratic-weighted κ, exact and ±1
   agreement, overall and per split (``dev`` was used while writing the scorer, ``test`` was
   not), a confusion matrix, and the fluff check (answers tagged ``fluff`` — pure habits,
   hypotheticals, compliments — must never score above 2).
2. Real answers rated by people outside this project (``../shared/eval``, read in place). None
   carries a depth label, so each uses a documented proxy and reports Spearman ρ against it,
   with answer length's ρ beside it for scale:
   - ``games_as_art_bopp``: number of human codes on each "why was this game art?" answer —
     more distinct reasons coded ≈ more to say;
   - ``app_reviews_dabrowski``: number of app features annotated in each review sentence;
   - ``mams_acsa`` (val + test): number of aspect categories in each restaurant-review sentence.
3. Throughput: answers scored per second over the calibration set (best of several passes).

Run: ``python benchmarks/depth_agreement.py [--eval-dir ../shared/eval]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from interviewer.depth import score_answer

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION = ROOT / "tests" / "data" / "depth_calibration.jsonl"
EVAL_DIR = ROOT.parent / "shared" / "eval"
LEVELS = (1, 2, 3, 4, 5)
TARGETS = {"spearman": 0.75, "qwk": 0.70, "within_one": 0.90}


# -- metrics ---------------------------------------------------------------------------------


def _ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; ties share the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's ρ: Pearson correlation of the (tie-averaged) ranks. NaN if a side is constant."""
    if len(x) != len(y) or len(x) < 2:
        raise ValueError("spearman needs two sequences of the same length, at least 2 long")
    rx, ry = _ranks(x), _ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else float("nan")


def quadratic_weighted_kappa(
    a: Sequence[int], b: Sequence[int], levels: Sequence[int] = LEVELS
) -> float:
    """Cohen's κ with quadratic weights: 1 − Σ w·observed / Σ w·expected."""
    index = {level: i for i, level in enumerate(levels)}
    k, n = len(levels), len(a)
    observed = [[0.0] * k for _ in range(k)]
    for x, y in zip(a, b, strict=True):
        observed[index[x]][index[y]] += 1
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            weight = (i - j) ** 2 / (k - 1) ** 2
            num += weight * observed[i][j]
            den += weight * row[i] * col[j] / n
    return 1.0 - num / den if den else 1.0


def agreement(labels: Sequence[int], predictions: Sequence[int]) -> dict[str, Any]:
    """Spearman ρ, quadratic-weighted κ, exact and ±1 agreement of predictions vs labels."""
    n = len(labels)
    return {
        "n": n,
        "spearman": round(spearman(labels, predictions), 4),
        "qwk": round(quadratic_weighted_kappa(labels, predictions), 4),
        "exact": round(sum(a == b for a, b in zip(labels, predictions, strict=True)) / n, 4),
        "within_one": round(
            sum(abs(a - b) <= 1 for a, b in zip(labels, predictions, strict=True)) / n, 4
        ),
    }


def meets_targets(metrics: dict[str, Any]) -> bool:
    return all(metrics[name] >= bar for name, bar in TARGETS.items())


# -- the calibration set -----------------------------------------------------------------------


def load_calibration(path: Path = CALIBRATION) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def calibration_report(rows: list[dict[str, Any]]) -> dict[str, Any]:
    scores = [score_answer(row["answer"], row["question"]) for row in rows]
    predicted = [s.score for s in scores]
    labels = [row["label"] for row in rows]
    report: dict[str, Any] = {"overall": agreement(labels, predicted), "targets": TARGETS}
    for split in sorted({row["split"] for row in rows}):
        chosen = [i for i, row in enumerate(rows) if row["split"] == split]
        report[split] = agreement([labels[i] for i in chosen], [predicted[i] for i in chosen])
    splits = ["overall", *sorted({row["split"] for row in rows})]
    report["meets_targets"] = {name: meets_targets(report[name]) for name in splits}
    report["scipy_cross_check"] = _scipy_cross_check(labels, predicted)
    report["confusion"] = {
        f"label_{level}": [
            sum(1 for y, p in zip(labels, predicted, strict=True) if y == level and p == q)
            for q in LEVELS
        ]
        for level in LEVELS
    }
    fluff = [i for i, row in enumerate(rows) if "fluff" in row.get("tags", [])]
    report["fluff"] = {
        "n": len(fluff),
        "max_score": max((predicted[i] for i in fluff), default=None),
        "above_2": [rows[i]["id"] for i in fluff if predicted[i] > 2],
    }
    styles = sorted({t for row in rows for t in row.get("tags", []) if t != "fluff"})
    report["by_style_within_one"] = {
        style: round(
            sum(
                abs(labels[i] - predicted[i]) <= 1
                for i, row in enumerate(rows)
                if style in row.get("tags", [])
            )
            / sum(1 for row in rows if style in row.get("tags", [])),
            3,
        )
        for style in styles
    }
    report["disagreements"] = [
        {"id": row["id"], "label": labels[i], "score": predicted[i], "reasons": scores[i].reasons}
        for i, row in enumerate(rows)
        if labels[i] != predicted[i]
    ]
    return report


def _scipy_cross_check(labels: list[int], predicted: list[int]) -> dict[str, float] | str:
    """The same overall ρ from scipy, when installed (it is not a package dependency)."""
    try:
        from scipy.stats import spearmanr
    except ImportError:
        return "scipy not installed"
    return {"spearman": round(float(spearmanr(labels, predicted)[0]), 4)}


def throughput(rows: list[dict[str, Any]], passes: int = 5) -> dict[str, float]:
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        for row in rows:
            score_answer(row["answer"], row["question"])
        best = min(best, time.perf_counter() - start)
    return {
        "answers_per_second": round(len(rows) / best),
        "mean_microseconds_per_answer": round(best / len(rows) * 1e6, 1),
    }


# -- real data with proxies ------------------------------------------------------------------


def _proxy(
    name: str, texts: list[str], proxy: list[int], question: str | None, note: str
) -> dict[str, Any]:
    predicted = [score_answer(text, question).score for text in texts]
    lengths = [len(text.split()) for text in texts]
    return {
        "proxy": note,
        "n": len(texts),
        "spearman_vs_proxy": round(spearman(predicted, proxy), 4),
        "length_spearman_vs_proxy": round(spearman(lengths, proxy), 4),
        "score_counts": {str(level): predicted.count(level) for level in LEVELS},
    }


def _bopp(root: Path) -> dict[str, Any]:
    # The CSV is Windows-1252 (curly quotes as 0x93/0x94), not UTF-8.
    with (root / "games_as_art_bopp" / "bopp_test.csv").open(encoding="cp1252", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return _proxy(
        "games_as_art_bopp",
        [row["why_art"] for row in rows],
        [len([c for c in row["human_codes"].split(";") if c.strip()]) for row in rows],
        "Why did you experience this game as art?",
        "number of human codes per answer",
    )


def _app_reviews(root: Path) -> dict[str, Any]:
    path = root / "app_reviews_dabrowski" / "ground_truth_sentences.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return _proxy(
        "app_reviews_dabrowski",
        [row["Sentence content"] for row in rows],
        [len([f for f in row["Feature (All Annotated)"].split(";") if f.strip()]) for row in rows],
        None,
        "number of annotated app features per sentence",
    )


def _mams(root: Path) -> dict[str, Any]:
    texts: list[str] = []
    counts: list[int] = []
    for split in ("val", "test"):
        for sentence in ET.parse(root / "mams_acsa" / f"{split}.xml").getroot().iter("sentence"):
            texts.append(sentence.findtext("text") or "")
            counts.append(len(sentence.findall("aspectCategories/aspectCategory")))
    return _proxy(
        "mams_acsa", texts, counts, None, "number of aspect categories per sentence (val+test)"
    )


def real_data_report(eval_dir: Path) -> dict[str, Any]:
    readers: dict[str, Callable[[Path], dict[str, Any]]] = {
        "games_as_art_bopp": _bopp,
        "app_reviews_dabrowski": _app_reviews,
        "mams_acsa": _mams,
    }
    report: dict[str, Any] = {}
    for name, reader in readers.items():
        try:
            report[name] = reader(eval_dir)
        except FileNotFoundError as exc:
            report[name] = {"error": f"not found: {exc.filename} (pass --eval-dir)"}
    return report


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    args = parser.parse_args(argv)
    rows = load_calibration()
    result = {
        "scorer": score_answer("").scorer,
        "calibration": calibration_report(rows),
        "throughput": throughput(rows),
        "real_data": real_data_report(args.eval_dir),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
