"""Agglomerative (Ward) clustering with the number of clusters chosen by silhouette.

Ward linkage needs all pairwise distances, which is quadratic in memory, so the tree is built on
a seeded random sample of at most ``sample_size`` points (3,000 points take about two seconds and
a few hundred MB at most); every point is then assigned to the nearest cluster centre. Themes
that hold a few percent of the answers are all but certain to be represented in such a sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

DEFAULT_SAMPLE_SIZE = 3000


@dataclass(frozen=True)
class Partition:
    """A flat cut of the Ward tree."""

    centroids: np.ndarray
    """One L2-normalised centre per cluster (rows), largest cluster first."""
    silhouette: float
    """Mean silhouette of the sample under this cut (−1 … 1; higher is better separated)."""
    sample_sizes: tuple[int, ...]
    """How many sampled points fell in each cluster, in the order of ``centroids``."""


def ward_partition(
    vectors: np.ndarray,
    *,
    k_range: tuple[int, int],
    min_size: int,
    seed: int,
    sample_size: int = DEFAULT_SAMPLE_SIZE,
) -> Partition | None:
    """The silhouette-best cut with ``k_range[0]``–``k_range[1]`` clusters of ≥ ``min_size``.

    Returns None when no cut yields at least two clusters of ``min_size`` sampled points (too few
    points, or all points alike).
    """
    rng = np.random.default_rng(seed)
    n = vectors.shape[0]
    sample = np.sort(rng.choice(n, size=sample_size, replace=False)) if n > sample_size else None
    points = vectors if sample is None else vectors[sample]
    if points.shape[0] < 2 * min_size or np.allclose(points, points[0]):
        return None
    tree = linkage(points, method="ward")
    best: Partition | None = None
    low, high = k_range
    for k in range(max(2, low), min(high, points.shape[0] - 1) + 1):
        labels = fcluster(tree, k, criterion="maxclust") - 1
        sizes = np.bincount(labels)
        kept = np.flatnonzero(sizes >= min_size)
        if kept.size < 2:
            continue
        # Clusters below min_size are noise for this cut: leave them out of the score, and their
        # points will later join whichever kept cluster they are nearest to.
        mask = np.isin(labels, kept)
        if len(np.unique(labels[mask])) < 2:
            continue
        score = float(silhouette_score(points[mask], labels[mask]))
        if best is None or score > best.silhouette + 1e-9:
            order = kept[np.argsort(-sizes[kept], kind="stable")]
            centroids = normalize(np.vstack([points[labels == c].mean(axis=0) for c in order]))
            best = Partition(centroids, score, tuple(int(sizes[c]) for c in order))
    return best


def similarities(vectors: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Cosine similarity of every (L2-normalised) row to every centre."""
    return np.asarray(vectors @ centroids.T)


def specificity(sim: np.ndarray) -> np.ndarray:
    """Similarities standardised per cluster (z-scores over all points).

    Broad clusters are close to many points; a point that is unusually close to a cluster, relative
    to how close everything else is to it, is evidence for *that* cluster. Comparing z-scores
    rather than raw similarities keeps a broad theme (e.g. "the product in general") from absorbing
    every answer that also raises something specific.
    """
    spread = sim.std(axis=0)
    return (sim - sim.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
