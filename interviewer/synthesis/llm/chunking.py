"""Packing transcripts into token-budgeted chunks, by whole turns, never truncating.

The coding prompt shows a model a slice of one session. The slice holds whole turns in order;
when the next turn would overflow the budget, a new chunk starts. A single turn larger than
the whole budget (a pasted document, a monologue) is split at sentence ends — and at word
gaps if a sentence alone is too long — into parts that each carry the turn's id, so every
word is still sent and every quote still cites its real turn.

The budget comes from the model's context window (:func:`chunk_budget`): the prompt and the
reply's ``max_tokens`` (:func:`reply_tokens`) must fit in it together, or a server like
llama.cpp refuses the request. Counts use ``interviewer.llm.tokens`` (tiktoken's cl100k
vocabulary, offline); other models' tokenizers count more tokens for the same text, so prompt
counts are multiplied by :data:`TOKEN_SLACK` before they are compared with the window.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.llm.tokens import count_tokens

MAX_CHUNK_TOKENS = 12_000
"""Upper bound on a chunk even for million-token models: coding quality drops on very long
inputs (details in the middle get skipped), and a session rarely needs more."""
MIN_CHUNK_TOKENS = 256
"""Below this a context window cannot hold a useful chunk next to the instructions."""
REPLY_SHARE = 0.3
"""Share of the context window kept for the model's reply (its ``max_tokens``)."""
MAX_REPLY_TOKENS = 4_096
"""Upper bound on one reply, however large the window: a coding reply lists excerpts of one
chunk, and a model that writes more than this is rambling."""
TOKEN_SLACK = 1.3
"""How many more tokens another model's tokenizer may count than cl100k for the same text
(SmolLM2's counted 1.07× on a PDPilot transcript; Llama and Mistral vocabularies count more
for unusual text, and a refused request costs a whole chunk)."""
SAFETY_TOKENS = 64
"""Chat-template tokens a server adds around the messages (role markers, a default system)."""


def reply_tokens(context_window: int, share: float = REPLY_SHARE) -> int:
    """``max_tokens`` for a reply that takes ``share`` of the window (capped)."""
    return max(64, min(MAX_REPLY_TOKENS, int(context_window * share)))


def prompt_room(context_window: int, max_tokens: int) -> int:
    """cl100k tokens a prompt may have so that it and a ``max_tokens`` reply fit the window."""
    return int((context_window - max_tokens - SAFETY_TOKENS) / TOKEN_SLACK)


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORD_GAP = re.compile(r"(?<=\S)\s+")


@dataclass(frozen=True)
class Piece:
    """One turn (or part of an oversized turn) as one line of a prompt."""

    turn_id: int
    """The turn the text belongs to."""
    text: str
    """The line shown to the model, label included."""
    tokens: int
    """``count_tokens(text)`` (plus one for the line break that joins lines)."""


def chunk_budget(
    context_window: int, instruction_tokens: int, *, cap: int = MAX_CHUNK_TOKENS
) -> int:
    """Tokens of transcript per chunk for a model with ``context_window`` tokens.

    The reply gets :func:`reply_tokens`; what the prompt may have (:func:`prompt_room`) minus
    the fixed instructions is the chunk, capped at ``cap``. Raises ``ValueError`` with a fix
    when the window is too small to hold a useful chunk.
    """
    budget = min(
        cap, prompt_room(context_window, reply_tokens(context_window)) - instruction_tokens
    )
    if budget < MIN_CHUNK_TOKENS:
        raise ValueError(
            f"a context window of {context_window} tokens leaves only {max(budget, 0)} tokens "
            f"for transcript text next to {instruction_tokens} tokens of instructions; use a "
            "model with a larger window (or raise the server's context length, e.g. Ollama's "
            "num_ctx, and pass it with --context-window)"
        )
    return budget


def make_piece(turn_id: int, text: str) -> Piece:
    return Piece(turn_id, text, count_tokens(text) + 1)


def split_piece(label: str, turn_id: int, body: str, budget: int) -> list[Piece]:
    """A turn as one piece, or as numbered parts of at most ``budget`` tokens each."""
    whole = make_piece(turn_id, f"{label}{body}")
    if whole.tokens <= budget:
        return [whole]
    room = max(1, budget - count_tokens(label) - 8)  # 8: the "(part i of n)" marker
    parts = _split_text(body, room)
    return [
        make_piece(turn_id, f"{label}(part {i} of {len(parts)}) {part}")
        for i, part in enumerate(parts, start=1)
    ]


def pack(pieces: Sequence[Piece], budget: int) -> list[list[Piece]]:
    """Consecutive pieces grouped into chunks of at most ``budget`` tokens, order kept.

    A piece is never split here (see :func:`split_piece`), so one larger than the budget gets
    a chunk of its own.
    """
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    used = 0
    for piece in pieces:
        if current and used + piece.tokens > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(piece)
        used += piece.tokens
    if current:
        chunks.append(current)
    return chunks


def _split_text(text: str, budget: int) -> list[str]:
    """Cut text into consecutive parts of at most ``budget`` tokens at sentence ends (or word
    gaps, for a sentence too long alone). Joining the parts with single spaces loses only the
    whitespace at the cuts."""
    parts: list[str] = []
    current = ""
    for sentence in _pieces(text, _SENTENCE_END):
        for unit in (
            [sentence] if count_tokens(sentence) <= budget else _words_within(sentence, budget)
        ):
            candidate = f"{current} {unit}" if current else unit
            if current and count_tokens(candidate) > budget:
                parts.append(current)
                candidate = unit
            current = candidate
    if current:
        parts.append(current)
    return parts


def _words_within(sentence: str, budget: int) -> list[str]:
    units: list[str] = []
    current = ""
    for word in _pieces(sentence, _WORD_GAP):
        candidate = f"{current} {word}" if current else word
        if current and count_tokens(candidate) > budget:
            units.append(current)
            candidate = word
        current = candidate
    if current:
        units.append(current)
    return units


def _pieces(text: str, separator: re.Pattern[str]) -> list[str]:
    return [p for p in separator.split(text) if p.strip()]
