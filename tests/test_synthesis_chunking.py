"""Token-budgeted chunks of whole turns: nothing truncated, nothing reordered."""

from __future__ import annotations

import itertools
import re

import pytest

from interviewer.llm.tokens import count_tokens
from interviewer.synthesis.llm.chunking import (
    MAX_CHUNK_TOKENS,
    TOKEN_SLACK,
    chunk_budget,
    make_piece,
    pack,
    reply_tokens,
    split_piece,
)

SENTENCE = "We chased the approver by email for four days before the invoice was paid. "


def test_pack_keeps_whole_pieces_in_order_within_the_budget() -> None:
    pieces = [make_piece(i, f"[{i}] Respondent: {SENTENCE * (1 + i % 3)}") for i in range(40)]
    budget = 120
    chunks = pack(pieces, budget)
    assert [p for chunk in chunks for p in chunk] == pieces  # all there, same order
    assert all(sum(p.tokens for p in chunk) <= budget for chunk in chunks)
    # Greedy: each chunk is full enough that the next piece would not have fitted.
    for chunk, following in itertools.pairwise(chunks):
        assert sum(p.tokens for p in chunk) + following[0].tokens > budget


def test_a_piece_larger_than_the_budget_gets_a_chunk_of_its_own() -> None:
    big = make_piece(1, SENTENCE * 50)
    small = make_piece(2, SENTENCE)
    assert pack([small, big, small], 100) == [[small], [big], [small]]


def test_an_oversized_turn_is_split_at_sentences_into_parts_that_keep_its_id() -> None:
    body = " ".join(f"Sentence number {n} says something about invoices." for n in range(60))
    parts = split_piece("[7] Respondent: ", 7, body, 80)
    assert len(parts) > 1
    assert {p.turn_id for p in parts} == {7}
    assert all(p.tokens <= 80 for p in parts)
    texts = [re.sub(r"^\[7\] Respondent: \(part \d+ of \d+\) ", "", p.text) for p in parts]
    assert " ".join(texts) == body  # every word sent, nothing truncated
    assert all(t.endswith(".") for t in texts)  # cut at sentence ends


def test_a_sentence_longer_than_the_budget_is_cut_at_word_gaps() -> None:
    body = " ".join(["word"] * 400)
    parts = split_piece("[3] Respondent: ", 3, body, 60)
    words = [w for p in parts for w in p.text.split(") ", 1)[1].split()]
    assert words == body.split()
    assert all(count_tokens(p.text) <= 60 for p in parts)


def test_budget_comes_from_the_context_window() -> None:
    # 8,192 tokens: 2,457 for the reply, the rest (in cl100k tokens, with slack for other
    # tokenizers and the chat template) for the instructions and the chunk.
    assert reply_tokens(8_192) == 2_457
    assert chunk_budget(8_192, 1_000) == int((8_192 - 2_457 - 64) / 1.3) - 1_000
    # llama.cpp's 4,096: prompt and reply together stay inside the window.
    reply = reply_tokens(4_096)
    assert (chunk_budget(4_096, 500) + 500) * TOKEN_SLACK + reply + 64 <= 4_096
    assert chunk_budget(1_000_000, 1_000) == MAX_CHUNK_TOKENS
    with pytest.raises(ValueError, match="larger window"):
        chunk_budget(1_200, 1_000)
