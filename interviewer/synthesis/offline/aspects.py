"""The aspect-term view: each clause seen through the thematic words it contains.

A sentence embedding mixes *what* a clause is about with *how* it is said ("slow, terrible
service" lands near other angry clauses). Themes are about the what. So, for every word we
average the embeddings of the clauses that use it (its context vector). A word whose clauses sit
far from the corpus centre — further than chance allows for its frequency — is *thematic*
("waiter", "price", "music"); fillers and opinion words ("really", "good") sit near the centre.
A clause's aspect vector is the weighted mean of the context vectors of its thematic words, so
clauses that share thematic words (or words used in similar clauses) move together whatever their
tone. Nothing here depends on a language or a domain: the words are learnt from the answers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

MIN_EXCESS_CONCENTRATION = 0.24
"""How concentrated a word's clauses must be to count as thematic: the squared norm of the mean
of its (centred) clause vectors, in units of the average squared norm, minus the 1/df expected by
chance. Chosen on the MAMS training split (0.1–0.3 give similar themes)."""


def aspect_view(
    texts: Sequence[str], vectors: np.ndarray, *, stop_words: str | None = "english"
) -> np.ndarray:
    """One L2-normalised row per clause (zero where a clause holds no thematic word)."""
    n = len(texts)
    empty = np.zeros_like(vectors)
    if n < 3 or vectors.shape[1] == 0:
        return empty
    min_df = 3 if n >= 300 else 2
    try:
        counts = sp.csc_matrix(
            CountVectorizer(stop_words=stop_words, min_df=min_df, binary=True).fit_transform(texts)
        )
    except ValueError:  # no word occurs often enough to be a theme's anchor
        return empty
    df = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    centred = vectors - vectors.mean(axis=0)
    spread = float((centred**2).sum(axis=1).mean())
    if spread <= 0:
        return empty
    context = np.asarray(counts.T @ centred) / df[:, None]
    excess = (context**2).sum(axis=1) / spread - 1.0 / df
    thematic = np.flatnonzero(excess > MIN_EXCESS_CONCENTRATION)
    if thematic.size == 0:
        return empty
    weights = sp.diags(np.sqrt(excess[thematic]))
    clause_terms = normalize(sp.csr_matrix(counts[:, thematic] @ weights))
    view = clause_terms @ normalize(context[thematic])
    return np.asarray(normalize(view), dtype=vectors.dtype)
