"""Keywords that tell themes apart: class-based TF-IDF over the clauses of each theme.

c-TF-IDF treats all clauses of one theme as a single document and weighs a term by how often it
occurs there against how common it is across every clause, so "waiter" ranks high for a theme
about staff while "good", which every theme uses, does not.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

# Words and pairs of words; a pair like "wine list" names a theme better than either word.
_NGRAMS = (1, 2)
_TOKEN = r"(?u)\b[^\W\d_][\w'-]*\b"  # words that start with a letter: "$30", "45" name no theme


class KeywordIndex:
    """Term counts of every clause, built once and queried for any grouping of clauses."""

    def __init__(self, texts: Sequence[str], *, stop_words: str | None = "english") -> None:
        min_df = 2 if len(texts) >= 50 else 1
        vectorizer = CountVectorizer(
            stop_words=stop_words, ngram_range=_NGRAMS, min_df=min_df, token_pattern=_TOKEN
        )
        try:
            self._counts: sp.csr_matrix = sp.csr_matrix(vectorizer.fit_transform(texts))
            self._terms: np.ndarray = vectorizer.get_feature_names_out()
        except ValueError:  # only stop words or numbers: there is nothing to name themes by
            self._counts = sp.csr_matrix((len(texts), 0), dtype=np.int64)
            self._terms = np.array([], dtype=object)
        self._total = np.asarray(self._counts.sum(axis=0)).ravel()

    def top_keywords(self, groups: Sequence[np.ndarray], n: int = 8) -> list[list[str]]:
        """The ``n`` most distinctive terms of each group of clause indices, best first."""
        if not groups or self._counts.shape[1] == 0:
            return [[] for _ in groups]
        per_group = np.vstack(
            [np.asarray(self._counts[g].sum(axis=0)).ravel() for g in groups]
        ).astype(float)
        frequency = per_group / np.maximum(per_group.sum(axis=1, keepdims=True), 1.0)
        average_words = max(per_group.sum() / len(groups), 1.0)
        idf = np.log1p(average_words / np.maximum(self._total, 1.0))
        weights = frequency * idf
        return [
            _distinct(self._terms[np.argsort(-row)], row[np.argsort(-row)], n) for row in weights
        ]


def _distinct(ranked_terms: np.ndarray, ranked_weights: np.ndarray, n: int) -> list[str]:
    """Top terms, skipping a word already covered by a chosen pair (and a pair of chosen words)."""
    chosen: list[str] = []
    for term, weight in zip(ranked_terms, ranked_weights, strict=True):
        if weight <= 0 or len(chosen) == n:
            break
        words = term.split()
        covered = {w for c in chosen for w in c.split()}
        if len(words) == 1 and any(term in c.split() for c in chosen):
            continue
        if len(words) > 1 and all(w in covered for w in words):
            continue
        chosen.append(str(term))
    return chosen
