#!/usr/bin/env python3
"""Synthesis quality on long, real conversations: offline engine vs a BERTopic-style baseline.

Prints one JSON document. Data and the scorer are read in place from ../shared/eval (never copied
into the repo); the scorer is ``theme_metrics.score`` from there, so the figures compare with the
baselines in its README. See benchmarks/README.md for what each figure means.

    python benchmarks/synthesis_quality.py                  # everything, seeds 0 1 2 (< 10 min)
    python benchmarks/synthesis_quality.py --quick          # one seed, fewer meetings (< 2 min)
    python benchmarks/synthesis_quality.py --only pdpilot --seeds 0

Data sets: PDPilot interviews (imported as a user does, scored per coded passage), QMSum AMI
meetings (turn level, per meeting), NatCS intents (per domain), MAMS (val + test sentences),
and the 10,000-answer run of synthesis_scale.py for time and memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import theme_eval  # noqa: E402
from benchmarks.report_quality import report_figures  # noqa: E402
from interviewer.importers.files import import_files  # noqa: E402
from interviewer.interview import TurnKind  # noqa: E402
from interviewer.store import Store, TurnRecord  # noqa: E402
from interviewer.synthesis.corpus import Corpus, Interview, Passage, load_corpus  # noqa: E402
from interviewer.synthesis.evidence import ThemeDraft  # noqa: E402
from interviewer.synthesis.offline.embeddings import (  # noqa: E402
    Embedder,
    EmbeddingChoice,
    LsaEmbedder,
    sentence_embeddings_available,
)
from interviewer.synthesis.offline.engine import offline_themes  # noqa: E402
from interviewer.synthesis.pipeline import SynthesisOptions, synthesize  # noqa: E402

OURS, BASE = "offline_engine", "bertopic_style"
DATASETS = ("pdpilot", "qmsum", "natcs", "mams", "scale")
Interval = tuple[str, int, int]
"""(document key, start, end): a character span in one document's coordinates."""
Baseline = Callable[[list[str], int], list[int]]
LONG_TURN = 8
"""QMSum turns with fewer words ("Mm-hmm .", "Okay .") carry a topic label only by position;
figures are also given without them."""


# -- themes as character spans -------------------------------------------------------------------


@dataclass(frozen=True)
class _Speaker:
    """Stand-in for :class:`Interview` when the documents are not stored interviews (meeting
    turns, survey-like utterances): the engine reads only who said a passage."""

    session_id: str
    respondent: str


def text_passages(texts: Sequence[str], speakers: Sequence[str] | None = None) -> list[Passage]:
    """One respondent passage per text; turn id = position + 1."""
    passages = []
    for i, text in enumerate(texts):
        who = speakers[i] if speakers is not None else f"d{i}"
        turn = TurnRecord(
            id=i + 1, session_id=who, seq=i + 1, role="respondent", text=text, kind=TurnKind.ANSWER
        )
        passages.append(Passage(cast(Interview, _Speaker(who, who)), turn, None))
    return passages


def draft_intervals(
    drafts: Sequence[ThemeDraft], locate: Callable[[TurnRecord, int, int], Interval]
) -> tuple[list[list[Interval]], list[list[Interval]]]:
    """Character spans of each top-level theme, and of each finest theme (sub-themes where a
    theme has them), in the coordinates ``locate`` maps turn spans to."""

    def spans(draft: ThemeDraft) -> list[Interval]:
        return [locate(e.located.turn, s, t) for e in draft.excerpts for s, t in e.located.spans]

    top = [spans(d) for d in drafts]
    fine = [spans(s) for d in drafts for s in (d.sub_themes or [d])]
    return top, fine


def assign(units: Sequence[Interval], themes: Sequence[Sequence[Interval]]) -> list[int]:
    """Each unit's theme: the one whose spans cover most of its characters; -1 when none does."""
    by_doc: dict[str, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for t, spans in enumerate(themes):
        for doc, start, end in spans:
            by_doc[doc][t].append((start, end))
    merged = {doc: {t: _merge(s) for t, s in table.items()} for doc, table in by_doc.items()}
    out = []
    for doc, start, end in units:
        best, best_chars = -1, 0
        for t, covered in sorted(merged.get(doc, {}).items()):
            chars = sum(max(0, min(end, e) - max(start, s)) for s, e in covered)
            if chars > best_chars:
                best, best_chars = t, chars
        out.append(best)
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def engine_on_texts(
    texts: Sequence[str],
    seed: int,
    embedding: EmbeddingChoice | Embedder,
    speakers: Sequence[str] | None = None,
) -> tuple[list[int], str]:
    """The offline engine over plain texts: each text's theme by the character rule above."""
    passages = text_passages(texts, speakers)
    found = offline_themes(passages, seed=seed, embedding=embedding, language="en")
    top, _ = draft_intervals(found.drafts, lambda turn, s, e: (str(turn.id), s, e))
    units = [(str(i + 1), 0, len(t)) for i, t in enumerate(texts)]
    return assign(units, top), found.embedding


def baseline(texts: list[str], seed: int) -> list[int]:
    """BERTopic's default pipeline (theme_eval.bertopic_style: MiniLM → UMAP → HDBSCAN(10)).
    Without the sentence model installed, the same pipeline on TF-IDF + SVD vectors."""
    if sentence_embeddings_available():
        return theme_eval.bertopic_style(texts, seed)
    from sklearn.cluster import HDBSCAN

    vectors = LsaEmbedder(seed=seed).embed(texts)
    reduced = theme_eval.reduce_dimensions(vectors, seed)
    return [int(x) for x in HDBSCAN(min_cluster_size=10).fit_predict(reduced)]


def scored(scorer: ModuleType, labels: list[list[str]], themes: list[int], seconds: float) -> dict:
    result = dict(scorer.score(labels, themes))
    result["seconds"] = round(seconds, 2)
    return result


def compare(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    results = {name: theme_eval.summarise(r) for name, r in runs.items() if r}
    return {"results": results, "ratios": theme_eval.ratios(results, OURS, [BASE])}


# -- PDPilot -------------------------------------------------------------------------------------


def pdpilot(
    eval_dir: Path,
    scorer: ModuleType,
    seeds: Sequence[int],
    embedding: EmbeddingChoice | Embedder,
    *,
    with_baseline: bool = True,
    with_report: bool = True,
) -> dict[str, Any]:
    """Import the 7 transcripts as a user does, find themes, score every distinct coded passage
    (its theme = the theme holding most of the respondent characters inside it)."""
    folder = eval_dir / "pdpilot_user_study"
    files = sorted((folder / "transcripts").glob("P*.txt"))
    sources = {f.stem: f.read_text(encoding="utf-8-sig") for f in files}  # as the importer reads
    units, top_labels, leaf_labels, mismatched = coded_passages(folder, sources)
    out: dict[str, Any] = {"documents": len(units), "coded_text_mismatches": mismatched}
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {
        level: {OURS: [], BASE: []} for level in ("top_level", "leaf", "leaf_by_sub_themes")
    }
    reports: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{Path(tmp) / 'q.db'}") as store:
        import_files(store, files, study_id="pdpilot")
        corpus = load_corpus(store, "pdpilot")
        where = turn_offsets(corpus, sources)
        passages = corpus.passages()
        out["passages"] = len(passages)

        def locate(turn: TurnRecord, start: int, end: int) -> Interval:
            doc, offset = where[turn.id]
            return doc, offset + start, offset + end

        for seed in seeds:
            started = time.perf_counter()
            found = offline_themes(passages, seed=seed, embedding=embedding)
            top, fine = draft_intervals(found.drafts, locate)
            seconds = time.perf_counter() - started
            out["embedding_used"] = found.embedding
            top_themes, fine_themes = assign(units, top), assign(units, fine)
            runs["top_level"][OURS].append(scored(scorer, top_labels, top_themes, seconds))
            runs["leaf"][OURS].append(scored(scorer, leaf_labels, top_themes, seconds))
            runs["leaf_by_sub_themes"][OURS].append(
                scored(scorer, leaf_labels, fine_themes, seconds)
            )
            if with_baseline:
                started = time.perf_counter()
                labels = baseline([p.text for p in passages], seed)
                spans: dict[int, list[Interval]] = defaultdict(list)
                for p, label in zip(passages, labels, strict=True):
                    if label != -1:
                        spans[label].append(locate(p.turn, 0, len(p.text)))
                themes = assign(units, [spans[k] for k in sorted(spans)])
                seconds = time.perf_counter() - started
                runs["top_level"][BASE].append(scored(scorer, top_labels, themes, seconds))
                runs["leaf"][BASE].append(scored(scorer, leaf_labels, themes, seconds))
            if with_report and isinstance(embedding, str):
                started = time.perf_counter()
                options = SynthesisOptions(seed=seed, embedding=embedding)
                figures = report_figures(synthesize(store, "pdpilot", options=options))
                figures["seconds"] = round(time.perf_counter() - started, 2)
                reports.append(figures)
    for level, table in runs.items():
        out[level] = compare(table)
    if reports:
        out["report"] = {"seed_" + str(s): r for s, r in zip(seeds, reports, strict=True)}
    return out


def coded_passages(
    folder: Path, sources: dict[str, str]
) -> tuple[list[Interval], list[list[str]], list[list[str]], int]:
    """Distinct coded (document, start, end) spans with their top-level and leaf codes."""
    top: dict[Interval, list[str]] = {}
    leaf: dict[Interval, list[str]] = {}
    mismatched = 0
    with (folder / "coded_segments.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["document"], int(row["start"]), int(row["end"]))
            if key not in top:
                mismatched += sources[key[0]][key[1] : key[2]] != row["text"]
            top.setdefault(key, [])
            leaf.setdefault(key, [])
            if row["top_level"] not in top[key]:
                top[key].append(row["top_level"])
            if row["code_path"] not in leaf[key]:
                leaf[key].append(row["code_path"])
    units = list(top)
    return units, [top[k] for k in units], [leaf[k] for k in units], mismatched


def turn_offsets(corpus: Corpus, sources: dict[str, str]) -> dict[int, tuple[str, int]]:
    """Turn id → (document, file offset of the turn's text). An imported turn records its origin
    as ``P1.txt:LINE``; its text is the slice of that line after the speaker label. Checked: the
    file at that offset is the turn's text, character for character."""
    line_starts: dict[str, list[int]] = {}
    for doc, text in sources.items():
        starts = [0]
        for line in text.splitlines(keepends=True):
            starts.append(starts[-1] + len(line))
        line_starts[doc] = starts
    where: dict[int, tuple[str, int]] = {}
    for interview in corpus.interviews:
        for turn in interview.turns:
            if turn.role != "respondent":
                continue
            origin = turn.idempotency_key or ""
            name, _, line = origin.rpartition(":")
            doc = Path(name).stem
            offset = sources[doc].find(turn.text, line_starts[doc][int(line) - 1])
            if offset < 0 or sources[doc][offset : offset + len(turn.text)] != turn.text:
                raise AssertionError(f"turn {turn.id} ({origin}) is not the file's text there")
            where[turn.id] = (doc, offset)
    return where


# -- QMSum, NatCS, MAMS ----------------------------------------------------------------------------


def qmsum(
    eval_dir: Path,
    scorer: ModuleType,
    seeds: Sequence[int],
    embedding: EmbeddingChoice | Embedder,
    split: str,
    *,
    limit: int | None = None,
    with_baseline: bool = True,
) -> dict[str, Any]:
    """Per meeting: every turn (all four speakers) is an answer, themes over that meeting, turns
    scored against the topics whose spans hold them (turns in no topic are not scored)."""
    path = eval_dir / "qmsum_ami" / "meetings.jsonl"
    meetings = [m for m in map(json.loads, path.open(encoding="utf-8")) if m["split"] == split]
    meetings = meetings[:limit] if limit else meetings
    scopes = ("all_turns", "long_turns")
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {s: {OURS: [], BASE: []} for s in scopes}
    for seed in seeds:
        per: dict[str, dict[str, list[dict[str, Any]]]] = {s: {OURS: [], BASE: []} for s in scopes}
        for meeting in meetings:
            texts = [t["text"] for t in meeting["turns"]]
            speakers = [t["speaker"] for t in meeting["turns"]]
            labels: list[list[str]] = [[] for _ in texts]
            for topic in meeting["topics"]:
                for first, last in topic["turn_spans"]:
                    for i in range(first, min(last, len(texts) - 1) + 1):
                        if topic["topic"] not in labels[i]:
                            labels[i].append(topic["topic"])
            keep = {
                "all_turns": [i for i, lab in enumerate(labels) if lab],
                "long_turns": [
                    i for i, lab in enumerate(labels) if lab and _words(texts[i]) >= LONG_TURN
                ],
            }
            started = time.perf_counter()
            ours, _ = engine_on_texts(texts, seed, embedding, speakers)
            ours_seconds = time.perf_counter() - started
            theirs: list[int] = []
            if with_baseline:
                started = time.perf_counter()
                theirs = baseline(texts, seed)
                their_seconds = time.perf_counter() - started
            for scope, rows in keep.items():
                gold = [labels[i] for i in rows]
                per[scope][OURS].append(scored(scorer, gold, [ours[i] for i in rows], ours_seconds))
                if with_baseline:
                    per[scope][BASE].append(
                        scored(scorer, gold, [theirs[i] for i in rows], their_seconds)
                    )
        for scope, table in per.items():
            for name, results in table.items():
                if results:
                    runs[scope][name].append(mean_run(results))
    return {
        "meetings": len(meetings),
        **compare(runs["all_turns"]),
        "long_turns_only": {
            "turns": f"labelled turns with at least {LONG_TURN} words",
            **compare(runs["long_turns"]),
        },
    }


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", re.sub(r"\{[^}]*\}", " ", text)))


def mean_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    """One seed's figures averaged over meetings (seconds summed)."""
    run: dict[str, Any] = {
        m: float(np.mean([r[m] for r in results]))
        for m in ("category_recall", "harmonic_purity", "ami", "outlier_share", "n_themes")
    }
    run["seconds"] = float(sum(r["seconds"] for r in results))
    run["recalled_categories"] = [len(r["recalled_categories"]) for r in results]
    return run


def labelled_texts(
    texts: list[str],
    labels: list[list[str]],
    scorer: ModuleType,
    seeds: Sequence[int],
    embedding: EmbeddingChoice | Embedder,
    *,
    with_baseline: bool = True,
) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {OURS: [], BASE: []}
    for seed in seeds:
        started = time.perf_counter()
        themes, _ = engine_on_texts(texts, seed, embedding)
        runs[OURS].append(scored(scorer, labels, themes, time.perf_counter() - started))
        if with_baseline:
            started = time.perf_counter()
            themes = baseline(texts, seed)
            runs[BASE].append(scored(scorer, labels, themes, time.perf_counter() - started))
    return {"documents": len(texts), **compare(runs)}


def natcs(
    eval_dir: Path,
    scorer: ModuleType,
    seeds: Sequence[int],
    embedding: EmbeddingChoice | Embedder,
    *,
    with_baseline: bool = True,
) -> dict[str, Any]:
    """Per domain: every customer utterance is an answer, scored against its intent."""
    by_domain: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with (eval_dir / "natcs_intents" / "intents.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_domain[row["domain"]].append((row["text"], row["intent"]))
    out: dict[str, Any] = {}
    for domain, rows in sorted(by_domain.items()):
        out[domain] = labelled_texts(
            [t for t, _ in rows],
            [[i] for _, i in rows],
            scorer,
            seeds,
            embedding,
            with_baseline=with_baseline,
        )
    out["mean_over_domains"] = {
        name: {
            m: round(float(np.mean([out[d]["results"][name][m]["mean"] for d in by_domain])), 3)
            for m in theme_eval.METRICS
        }
        for name in (OURS, BASE)
        if all(name in out[d]["results"] for d in by_domain)
    }
    return out


def mams(
    eval_dir: Path,
    scorer: ModuleType,
    seeds: Sequence[int],
    embedding: EmbeddingChoice | Embedder,
    *,
    with_baseline: bool = True,
) -> dict[str, Any]:
    """MAMS val + test sentences against their aspect categories, loaded as theme_eval does."""
    texts, labels = theme_eval.mams(eval_dir, ["val.xml", "test.xml"])
    return labelled_texts(texts, labels, scorer, seeds, embedding, with_baseline=with_baseline)


# -- scale -----------------------------------------------------------------------------------------


def scale(size: int, embedding: str) -> dict[str, Any]:
    """synthesis_scale.py (import, synthesize, render) in a fresh process."""
    command = [sys.executable, str(ROOT / "benchmarks" / "synthesis_scale.py")]
    command += ["--sizes", str(size), "--embedding", embedding]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"answers": size, "error": done.stderr[-800:]}
    result = json.loads(done.stdout)
    run = result["runs"][0]
    return {
        "answers": size,
        "embedding": embedding,
        "synthesis_seconds": run["synthesis_seconds"],
        "import_seconds": run["import_seconds"],
        "render_seconds": run["render_seconds"],
        "peak_rss_mb": result["peak_rss_mb"],
        "themes": run["themes"],
        "verbatim_problems": run["verbatim_problems"],
    }


# -- main ------------------------------------------------------------------------------------------


def targets(report: dict[str, Any]) -> dict[str, Any]:
    """Issue 9's targets next to what this run reached (offline engine, mean over seeds)."""

    def mean(*path: str) -> float | None:
        node: Any = report
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return float(node) if isinstance(node, (int, float)) else None

    def reports(*path: str) -> float | None:
        values = [
            mean("pdpilot", "report", seed, *path)
            for seed in report.get("pdpilot", {}).get("report", {})
        ]
        present = [v for v in values if v is not None]
        return round(float(np.mean(present)), 3) if present else None

    rows = {
        "pdpilot_top_level_recall >= 0.85": mean(
            "pdpilot", "top_level", "results", OURS, "category_recall", "mean"
        ),
        "pdpilot_filler_or_stopword_labels == 0": reports("labels", "filler_or_stopword_share"),
        "pdpilot_whole_sentence_quotes >= 0.95": reports("quotes", "whole_sentence_share"),
        "pdpilot_verbatim_quotes == 1": reports("quotes", "verbatim_share"),
        "mams_recall >= 0.75": mean("mams", "results", OURS, "category_recall", "mean"),
        "mams_purity >= 0.40": mean("mams", "results", OURS, "harmonic_purity", "mean"),
        "qmsum_test_topic_recall >= 0.7": mean(
            "qmsum", "test", "results", OURS, "category_recall", "mean"
        ),
        "scale_10k_synthesis_seconds < 120": mean("scale", "synthesis_seconds"),
    }
    return {k: v for k, v in rows.items() if v is not None}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--only", choices=DATASETS, action="append", help="repeatable")
    parser.add_argument(
        "--quick", action="store_true", help="first seed, 5 test meetings, 1,000-answer scale run"
    )
    parser.add_argument(
        "--embedding",
        default="auto",
        choices=("auto", "sentence", "tfidf-svd"),
        help="offline engine's text representation (auto: the sentence model when installed)",
    )
    parser.add_argument("--scale-size", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # scikit-learn's HDBSCAN announces a future default on every call; the JSON is the output.
    warnings.filterwarnings("ignore", category=FutureWarning)
    eval_dir: Path = args.eval_dir.resolve()
    if not (eval_dir / "theme_metrics.py").exists():
        raise SystemExit(f"no evaluation data at {eval_dir}; pass --eval-dir ../shared/eval")
    seeds = args.seeds[:1] if args.quick else args.seeds
    chosen = set(args.only or DATASETS)
    started = time.perf_counter()
    report: dict[str, Any] = {
        "benchmark": "synthesis_quality",
        "environment": {
            "cpus": os.cpu_count(),
            "seeds": seeds,
            "quick": args.quick,
            "embedding_requested": args.embedding,
            "baseline": "MiniLM + UMAP(15, 5, cosine) + HDBSCAN(10)"
            if sentence_embeddings_available() and theme_eval.umap_available()
            else (
                ("MiniLM" if sentence_embeddings_available() else "TF-IDF + SVD (no MiniLM)")
                + (" + UMAP" if theme_eval.umap_available() else " + PCA(5)")
                + " + HDBSCAN(10)"
            ),
            "theme_of_a_document": "the theme holding most of its characters (-1: none)",
        },
    }
    size = 1_000 if args.quick else args.scale_size
    if "scale" in chosen:  # first, while this process is small (peak RSS is inherited)
        embedding = "tfidf-svd" if args.embedding == "auto" else args.embedding
        report["scale"] = scale(size, embedding)
    scorer = theme_eval.load_scorer(eval_dir)
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("pdpilot", lambda: pdpilot(eval_dir, scorer, seeds, args.embedding)),
        (
            "qmsum",
            lambda: {
                "test": qmsum(
                    eval_dir, scorer, seeds, args.embedding, "test", limit=5 if args.quick else None
                ),
                **(
                    {}
                    if args.quick
                    else {"val": qmsum(eval_dir, scorer, seeds, args.embedding, "val")}
                ),
            },
        ),
        ("natcs", lambda: natcs(eval_dir, scorer, seeds, args.embedding)),
        ("mams", lambda: mams(eval_dir, scorer, seeds, args.embedding)),
    ]
    for name, step in steps:
        if name in chosen:
            print(f"synthesis_quality: {name}…", file=sys.stderr, flush=True)
            began = time.perf_counter()
            report[name] = step()
            report[name]["seconds"] = round(time.perf_counter() - began, 1)
    report["targets"] = targets(report)
    report["environment"]["seconds"] = round(time.perf_counter() - started, 1)
    # CPU time of this process (the scale run's subprocess excluded): comparable under load.
    report["environment"]["cpu_seconds"] = round(time.process_time(), 1)
    report["environment"]["load_average_1min"] = round(os.getloadavg()[0], 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
