"""Near-duplicate answers across the sessions of a study: word shingles and MinHash.

An answer becomes the set of its word 3-grams (lower-cased, punctuation dropped); two answers
whose sets overlap by :data:`NEAR_DUPLICATE` (Jaccard) or more are the same answer, give or
take a few words. MinHash signatures (:data:`PERMUTATIONS` hashes) estimate the overlap in a
fixed number of integer comparisons per pair, so checking a new session against a study of
thousands costs the same per answer; ``numpy`` does the arithmetic.

Short answers ("No.", "Slack and Jira") are the same across people by nature and are never
compared: only answers of :data:`MIN_WORDS` words or more.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MIN_WORDS = 12
SHINGLE = 3
PERMUTATIONS = 64
NEAR_DUPLICATE = 0.7
_PRIME = (1 << 31) - 1
"""A Mersenne prime just above the coefficients: (a·x + b) mod p wraps billions of times, so
each hash function really reorders the shingles (a prime far above a·x would keep their order
and every function would pick the same smallest shingle)."""
_rng = np.random.default_rng(20261207)  # fixed: signatures must compare across processes
_A = _rng.integers(1, 1 << 31, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

Signature = npt.NDArray[np.uint64]


def shingles(text: str) -> set[int]:
    """The answer's word 3-grams, hashed to 32-bit integers (empty below :data:`MIN_WORDS`)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return set()
    return {
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode())
        for i in range(len(words) - SHINGLE + 1)
    }


def signature(text: str) -> Signature | None:
    """The MinHash signature of ``text``, or ``None`` when it is too short to compare."""
    grams = shingles(text)
    if not grams:
        return None
    values = np.fromiter(grams, dtype=np.uint64, count=len(grams)) % _PRIME
    # (a·x + b) mod p for every hash function and shingle, then the minimum per function;
    # a, b, x < 2³¹ keep a·x + b below 2⁶³.
    hashed = (np.outer(_A, values) + _B[:, None]) % _PRIME
    result: Signature = hashed.min(axis=1)
    return result


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard overlap of the two answers' shingles."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


@dataclass(frozen=True)
class Match:
    """An answer of another session that (nearly) repeats one of this session's."""

    question_id: str | None
    other_session: str
    other_question: str | None
    overlap: float


class SignatureIndex:
    """Signatures of a study's answers, stacked once into one matrix for every lookup."""

    def __init__(self) -> None:
        self.sessions: list[str] = []
        self.questions: list[str | None] = []
        self._rows: list[Signature] = []
        self._matrix: Signature | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, session_id: str, question_id: str | None, sig: Signature) -> None:
        self.sessions.append(session_id)
        self.questions.append(question_id)
        self._rows.append(sig)
        self._matrix = None

    def mask(self, sessions: set[str]) -> npt.NDArray[np.bool_]:
        """Rows that belong to ``sessions`` (the ones a lookup may match)."""
        return np.fromiter((s in sessions for s in self.sessions), dtype=bool, count=len(self))

    def near_duplicates(
        self, mine: list[tuple[str | None, str]], allowed: npt.NDArray[np.bool_] | None = None
    ) -> list[Match]:
        """For each ``(question_id, text)``, the best match among the rows ``allowed`` (all by
        default) at :data:`NEAR_DUPLICATE` or above."""
        matches: list[Match] = []
        if not self._rows or (allowed is not None and not allowed.any()):
            return matches
        if self._matrix is None:
            self._matrix = np.stack(self._rows)
        for question_id, text in mine:
            sig = signature(text)
            if sig is None:
                continue
            overlaps = np.count_nonzero(self._matrix == sig, axis=1) / PERMUTATIONS
            if allowed is not None:
                overlaps = np.where(allowed, overlaps, -1.0)
            best = int(np.argmax(overlaps))
            if overlaps[best] >= NEAR_DUPLICATE:
                matches.append(
                    Match(
                        question_id,
                        self.sessions[best],
                        self.questions[best],
                        float(overlaps[best]),
                    )
                )
        return matches
