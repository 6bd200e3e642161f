"""Offline theme discovery: answers in, a two-level tree of named themes with verbatim quotes out.

Pipeline (no network, no language model):

1. cut every answer into clauses (units.py) — answers raise several points, themes are per point;
2. embed the clauses (embeddings.py: local sentence model, else TF-IDF + SVD);
3. add the aspect-term view (aspects.py) so clauses group by what they are about, not their tone;
4. Ward-cluster a sample of clauses, choosing the number of themes by silhouette (clustering.py);
5. give each clause the theme it is most *specifically* close to; an answer is a member of every
   theme one of its clauses has, and its main theme is the one with the strongest such evidence;
   answers with no clause clearly close to any theme stay unassigned;
6. split each theme the same way into 2–4 sub-themes when its clauses separate clearly;
7. name themes by c-TF-IDF keywords (keywords.py), quote the clauses nearest each centre
   (verbatim by construction) and fill the definition and insight templates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.preprocessing import normalize

from interviewer.synthesis.offline.aspects import aspect_view
from interviewer.synthesis.offline.clustering import similarities, specificity, ward_partition
from interviewer.synthesis.offline.embeddings import Embedder, EmbeddingChoice, make_embedder
from interviewer.synthesis.offline.keywords import KeywordIndex
from interviewer.synthesis.offline.themes import Excerpt, FoundTheme, ThemeTree
from interviewer.synthesis.offline.units import Unit, split_answers

MIN_ANSWERS = 8
"""Below this many non-empty answers no grouping is meaningful: report not-enough-data at once."""
ASPECT_WEIGHT = 0.5
"""Weight of the aspect-term view next to the sentence embedding (tuned on MAMS train: 0.5–1)."""
MIN_SPECIFICITY = 0.25
"""A clause counts as evidence for a theme only this many standard deviations above the theme's
average closeness; clauses below it are left out of every theme (about 10% on MAMS) and answers
made only of such clauses stay unassigned (under 1% on MAMS; 0.75 changes little)."""
SENTENCE_BUDGET = 12_000
"""With ``embedding="auto"``, at most this many distinct clauses go through the sentence model
(about 70 s on two CPU cores); more fall back to TF-IDF + SVD so that 10,000 answers finish in
well under two minutes. Pass ``embedding="sentence"`` to use the model regardless."""
SMALL_DATA_ANSWERS = 40
"""Below this many answers a cut must also beat chance: its silhouette has to exceed that of the
same clause vectors with each dimension shuffled across clauses (``NULL_ROUNDS`` shuffles), which
keeps every word's frequency but destroys which words go together."""
NULL_ROUNDS = 5
SUB_THEME_SILHOUETTE = 0.03
"""Sub-themes are kept only when the theme's clauses separate at least this well."""
CONTEXT_WEIGHT = 1.5
"""Weight of the question a sentence answers, next to the sentence itself (see ``context``)."""
N_REPRESENTATIVES = 3
N_KEYWORDS = 8


@dataclass(frozen=True)
class _Group:
    """Clauses of one (sub-)theme before naming."""

    units: np.ndarray  # indices into the unit list, most typical first
    primary_answers: tuple[int, ...]


def discover_themes(
    texts: Sequence[str],
    *,
    seed: int = 0,
    embedding: EmbeddingChoice | Embedder = "auto",
    max_themes: int = 12,
    min_themes: int = 2,
    max_sub_themes: int = 4,
    stop_words: str | None = "english",
    context: Sequence[str] | None = None,
    context_weight: float = CONTEXT_WEIGHT,
) -> ThemeTree:
    """Find themes and sub-themes in free-text answers, deterministically for a given ``seed``.

    ``embedding`` is ``"auto"`` (the local sentence model when installed, else TF-IDF + SVD),
    ``"sentence"``, ``"tfidf-svd"`` or any object with ``name`` and ``embed(texts)``.
    ``stop_words`` is passed to scikit-learn (``"english"`` or None for other languages).
    ``context`` (one text per answer, e.g. the question it answers) is embedded too and
    added to every clause of its answer with ``context_weight``: in a conversation, what was
    asked says much about what a sentence is about.
    """
    answers = [t if isinstance(t, str) else "" for t in texts]
    nonempty = sum(1 for t in answers if t.strip())
    units = split_answers(answers)
    unit_texts = [u.text for u in units]
    distinct = list(dict.fromkeys(unit_texts))
    if embedding == "auto" and len(distinct) > SENTENCE_BUDGET:
        embedding = "tfidf-svd"
    embedder = (
        make_embedder(embedding, seed=seed, corpus=answers, stop_words=stop_words)
        if isinstance(embedding, str)
        else embedding
    )

    def empty(reason: str, **diagnostics: float) -> ThemeTree:
        return ThemeTree(
            themes=(),
            primary=(None,) * len(answers),
            n_answers=len(answers),
            n_nonempty=nonempty,
            embedding=embedder.name,
            not_enough_data=True,
            reason=reason,
            diagnostics=dict(diagnostics),
        )

    if nonempty < MIN_ANSWERS:
        return empty(
            f"only {nonempty} non-empty answers; theme discovery needs at least {MIN_ANSWERS} "
            "(read them directly instead)"
        )
    # Repeated clauses ("it's fine") are embedded once.
    row = {text: i for i, text in enumerate(distinct)}
    sentence = embedder.embed(distinct)[[row[t] for t in unit_texts]]
    answer_of = np.array([u.answer_index for u in units])
    views = [sentence, ASPECT_WEIGHT * aspect_view(unit_texts, sentence)]
    if context is not None and context_weight > 0:
        asked = [context[i] or "" for i in answer_of]
        distinct_asked = list(dict.fromkeys(asked))
        where = {text: i for i, text in enumerate(distinct_asked)}
        asked_vectors = normalize(embedder.embed(distinct_asked))[[where[t] for t in asked]]
        views.append(context_weight * asked_vectors)
    vectors = normalize(np.hstack(views))

    min_answers_per_theme = max(3, math.ceil(0.01 * nonempty))
    sample_share = min(1.0, 3000 / len(units))
    min_size = max(2, round(min_answers_per_theme * sample_share))
    partition = ward_partition(
        vectors, k_range=(min_themes, max_themes), min_size=min_size, seed=seed
    )
    if partition is None:
        return empty(
            f"the {nonempty} answers do not split into two or more groups of at least "
            f"{min_answers_per_theme} answers",
            units=len(units),
        )
    if nonempty < SMALL_DATA_ANSWERS:
        chance = _chance_silhouette(vectors, (min_themes, max_themes), min_size, seed)
        if partition.silhouette <= chance:
            return empty(
                f"the {nonempty} answers show no clear groups (silhouette "
                f"{partition.silhouette:.2f}, shuffled answers reach {chance:.2f}); collect more "
                "answers or read them directly",
                units=len(units),
                silhouette=partition.silhouette,
            )

    sim = similarities(vectors, partition.centroids)
    spec = specificity(sim)
    unit_theme = spec.argmax(axis=1)
    unit_evidence = spec.max(axis=1)
    assigned = unit_evidence >= MIN_SPECIFICITY

    primary = _main_themes(len(answers), answer_of, unit_theme, unit_evidence, assigned)
    keyword_index = KeywordIndex(unit_texts, stop_words=stop_words)
    groups: list[_Group] = []
    for t in range(partition.centroids.shape[0]):
        members = np.flatnonzero(assigned & (unit_theme == t))
        groups.append(
            _Group(
                units=members[np.argsort(-sim[members, t], kind="stable")],
                primary_answers=tuple(i for i, p in enumerate(primary) if p == t),
            )
        )
    # A cluster none of whose clauses is specifically close to it (all claimed more strongly by
    # other themes) is not a theme. The rest are ordered by how many answers they touch.
    keep = [t for t, g in enumerate(groups) if g.units.size > 0]
    keep.sort(key=lambda t: -len(set(answer_of[groups[t].units].tolist())))
    position = {t: rank for rank, t in enumerate(keep)}

    names = keyword_index.top_keywords([groups[t].units for t in keep], N_KEYWORDS)
    themes: list[FoundTheme] = []
    for rank, t in enumerate(keep):
        theme_id = f"T{rank + 1}"
        subs = _sub_themes(
            theme_id,
            groups[t],
            vectors,
            answer_of,
            units,
            keyword_index,
            nonempty,
            seed=seed,
            max_sub_themes=max_sub_themes,
            min_answers=min_answers_per_theme,
        )
        themes.append(_theme(theme_id, names[rank], groups[t], answer_of, units, nonempty, subs))

    return ThemeTree(
        themes=tuple(themes),
        primary=tuple(None if p is None else position.get(p) for p in primary),
        n_answers=len(answers),
        n_nonempty=nonempty,
        embedding=embedder.name,
        diagnostics={
            "units": float(len(units)),
            "silhouette": partition.silhouette,
            "themes_considered": float(partition.centroids.shape[0]),
            "unassigned_units": float((~assigned).mean()),
        },
    )


def _chance_silhouette(
    vectors: np.ndarray, k_range: tuple[int, int], min_size: int, seed: int
) -> float:
    """Best silhouette reached on shuffled copies of ``vectors`` (see ``SMALL_DATA_ANSWERS``)."""
    rng = np.random.default_rng(seed)
    best = -1.0
    for _ in range(NULL_ROUNDS):
        shuffled = np.column_stack([rng.permutation(column) for column in vectors.T])
        partition = ward_partition(
            normalize(shuffled), k_range=k_range, min_size=min_size, seed=seed
        )
        if partition is not None:
            best = max(best, partition.silhouette)
    return best


def _main_themes(
    n_answers: int,
    answer_of: np.ndarray,
    unit_theme: np.ndarray,
    unit_evidence: np.ndarray,
    assigned: np.ndarray,
) -> list[int | None]:
    """Each answer's main theme: that of its clause with the strongest specific evidence."""
    best = np.full(n_answers, -np.inf)
    main: list[int | None] = [None] * n_answers
    for u in np.flatnonzero(assigned):
        a = int(answer_of[u])
        if unit_evidence[u] > best[a]:
            best[a] = unit_evidence[u]
            main[a] = int(unit_theme[u])
    return main


def _sub_themes(
    parent_id: str,
    group: _Group,
    vectors: np.ndarray,
    answer_of: np.ndarray,
    units: Sequence[Unit],
    keyword_index: KeywordIndex,
    nonempty: int,
    *,
    seed: int,
    max_sub_themes: int,
    min_answers: int,
) -> tuple[FoundTheme, ...]:
    """Split one theme's clauses into 2–``max_sub_themes`` sub-themes when they separate."""
    if max_sub_themes < 2 or len(group.units) < 4 * min_answers:
        return ()
    local = vectors[group.units]
    share = min(1.0, 3000 / len(group.units))
    partition = ward_partition(
        local,
        k_range=(2, max_sub_themes),
        min_size=max(2, round(min_answers * share)),
        seed=seed,
    )
    if partition is None or partition.silhouette < SUB_THEME_SILHOUETTE:
        return ()
    sim = similarities(local, partition.centroids)
    label = sim.argmax(axis=1)
    primary = set(group.primary_answers)
    sub_groups: list[_Group] = []
    for s in range(partition.centroids.shape[0]):
        rows = np.flatnonzero(label == s)
        rows = rows[np.argsort(-sim[rows, s], kind="stable")]
        chosen = group.units[rows]
        answers = {int(answer_of[u]) for u in chosen}
        sub_groups.append(_Group(chosen, tuple(sorted(answers & primary))))
    sub_groups = [g for g in sub_groups if len({int(answer_of[u]) for u in g.units}) >= min_answers]
    if len(sub_groups) < 2:
        return ()
    sub_groups.sort(key=lambda g: -len({int(answer_of[u]) for u in g.units}))
    names = keyword_index.top_keywords([g.units for g in sub_groups], N_KEYWORDS)
    return tuple(
        _theme(f"{parent_id}.{i + 1}", names[i], g, answer_of, units, nonempty, ())
        for i, g in enumerate(sub_groups)
    )


def _theme(
    theme_id: str,
    keywords: list[str],
    group: _Group,
    answer_of: np.ndarray,
    units: Sequence[Unit],
    nonempty: int,
    sub_themes: tuple[FoundTheme, ...],
) -> FoundTheme:
    excerpts = tuple(
        Excerpt(u.answer_index, u.start, u.end, u.text) for u in (units[i] for i in group.units)
    )
    members = tuple(sorted({int(answer_of[u]) for u in group.units}))
    representatives: list[int] = []
    for excerpt in excerpts:  # most typical first, one quote per answer
        if excerpt.answer_index not in representatives:
            representatives.append(excerpt.answer_index)
        if len(representatives) == N_REPRESENTATIVES:
            break
    name = " / ".join(keywords[:3]) if keywords else f"theme {theme_id}"
    prevalence = len(members) / nonempty if nonempty else 0.0
    quote = excerpts[0].text if excerpts else ""
    return FoundTheme(
        id=theme_id,
        name=name,
        keywords=tuple(keywords),
        definition=_definition(keywords),
        insight=(
            f"{len(members)} of {nonempty} answers ({prevalence:.0%}) raise {name}, "
            f"typically like this: \u201c{quote}\u201d."
        ),
        member_indices=members,
        primary_indices=group.primary_answers,
        representative_indices=tuple(representatives),
        excerpts=excerpts,
        prevalence=prevalence,
        sub_themes=sub_themes,
    )


def _definition(keywords: list[str]) -> str:
    if not keywords:
        return "Answers that resemble each other but share no distinctive words."
    if len(keywords) == 1:
        return f"Answers about {keywords[0]}."
    head = ", ".join(keywords[:4][:-1])
    return f"Answers about {head} and {keywords[:4][-1]}, and what people said about them."
