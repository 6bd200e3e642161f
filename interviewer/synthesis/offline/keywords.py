"""Keywords that tell themes apart: class-based TF-IDF over the clauses of each theme.

c-TF-IDF treats all clauses of one theme as a single document and weighs a term by how often it
occurs there against how common it is across every clause, so "waiter" ranks high for a theme
about staff while "good", which every theme uses, does not.

For English, terms are cleaned before counting so that keywords can name a theme: contractions
("it's", "didn't") and conversational filler ("maybe", "got", "sat") are dropped, possessives
lose their "'s", and plural forms share one term ("invoice" and "invoices" count together and
are shown in whichever form respondents used most).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

# Words and pairs of words; a pair like "wine list" names a theme better than either word.
_NGRAMS = (1, 2)
# Words that start with a letter: "$30", "45" name no theme.
_TOKEN = re.compile(r"(?u)\b[^\W\d_][\w'-]*\b")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_FILLER = frozenset(
    # Hedges and vague nouns of spoken answers: present in every theme, the name of none.
    "maybe just really actually basically literally probably pretty quite kind sort like "
    "okay ok yeah yes lot lots bit thing things stuff way ways sure anyway later ago "
    # Light verbs in their common forms: "it sat for six days", "he got back to me", "she said".
    "get gets getting got gotten go goes going went gone come comes coming came "
    "take takes taking took taken make makes making made do does doing did done "
    "say says saying said tell tells telling told ask asks asking asked put puts putting "
    "sit sits sitting sat know knows knew known think thinks thought want wants wanted "
    "try tries tried trying let lets seem seems seemed".split()
)
"""General English filler, on top of scikit-learn's stop words; never study-specific."""
LABEL_SEPARATOR = " · "


class KeywordIndex:
    """Term counts of every clause, built once and queried for any grouping of clauses."""

    def __init__(self, texts: Sequence[str], *, stop_words: str | None = "english") -> None:
        min_df = 2 if len(texts) >= 50 else 1
        self._analyzer = _Analyzer(english=stop_words == "english")
        vectorizer = CountVectorizer(analyzer=self._analyzer, min_df=min_df)
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
            [self._analyzer.shown(term) for term in _distinct(self._terms[order], row[order], n)]
            for row in weights
            for order in [np.argsort(-row, kind="stable")]
        ]


def theme_label(keywords: Sequence[str], taken: Collection[str] = ()) -> str:
    """A short, readable theme name from its best keywords, e.g. ``"Manager annoyed · people"``.

    Leads with the best word pair among the top three keywords (a pair says more than a word),
    else the best word, and adds the best other keyword sharing no word with it. When that
    label is in ``taken`` (a sibling's or the parent's), further keywords are added until it is
    not. Empty when there are no keywords, so the caller keeps its own fallback name.
    """
    top = list(keywords[:3])
    if not top:
        return ""
    lead = next((k for k in top if " " in k), top[0])
    parts = [lead[:1].upper() + lead[1:]]
    used = set(lead.lower().split())
    for keyword in keywords:
        label = LABEL_SEPARATOR.join(parts)
        if len(parts) >= 2 and label not in taken:
            return label
        words = set(keyword.lower().split())
        if (keyword in top or label in taken) and not used & words:
            parts.append(keyword)
            used |= words
    label = LABEL_SEPARATOR.join(parts)
    spare = [k for k in keywords if k not in parts and k.lower() != parts[0].lower()]
    return f"{label} · {spare[0]}" if label in taken and spare else label


class _Analyzer:
    """Turns a clause into its terms, remembering how respondents spelled each one."""

    def __init__(self, *, english: bool) -> None:
        self._english = english
        self._spellings: dict[str, Counter[str]] = {}

    def __call__(self, text: str) -> list[str]:
        pairs = [w for w in (self._word(t) for t in _TOKEN.findall(text)) if w is not None]
        terms: list[str] = []
        for size in range(_NGRAMS[0], _NGRAMS[1] + 1):
            for i in range(len(pairs) - size + 1):
                window = pairs[i : i + size]
                term = " ".join(key for key, _ in window)
                self._spellings.setdefault(term, Counter())[" ".join(s for _, s in window)] += 1
                terms.append(term)
        return terms

    def shown(self, term: str) -> str:
        """The spelling respondents used most for ``term`` (lower case wins a tie)."""
        spellings = self._spellings.get(term)
        if not spellings:
            return term
        return max(sorted(spellings), key=lambda s: (spellings[s], s.islower()))

    def _word(self, token: str) -> tuple[str, str] | None:
        """(term key, spelling shown) of one token, or None when it names nothing."""
        surface = token.translate(_APOSTROPHES)
        if not self._english:
            return surface.lower(), surface.lower()
        if surface.lower().endswith("'s"):  # "people's heads" is about people
            surface = surface[:-2]
        lower = surface.lower()
        if "'" in lower or len(lower) < 2 or lower in ENGLISH_STOP_WORDS or lower in _FILLER:
            return None  # a contraction ("it's", "didn't") or filler
        # Acronyms keep their capitals ("ERP", "CFO"); everything else is shown in lower case.
        shown = surface if surface.isupper() and len(surface) <= 5 else lower
        return _singular(lower), shown


def _singular(word: str) -> str:
    """A plural's singular by the regular English rules; other words unchanged.

    Deliberately conservative: only the regular endings, so that "process", "status" and
    "analysis" stay whole, and one rule for the whole corpus keeps names deterministic.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


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
        if len(words) > 1 and words[0] == words[1]:  # "days days" from "two days, six days"
            continue
        chosen.append(str(term))
    return chosen
