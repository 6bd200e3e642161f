"""LLM theme merge (the reduce step): codes into themes and sub-themes, recursively.

Codes with the same label (ignoring case and punctuation) are one code. When the list of
codes fits the prompt budget, one call groups them into themes with sub-themes. When it does
not, the codes are cut into batches that fit, each batch is grouped on its own, and the
groups become the items of the next round — until one call can see everything. Each round
shrinks the list, so a study of 1,000 interviews needs a few more calls, not a bigger window.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from interviewer import prompts
from interviewer.llm.base import ChatModel, Message, ModelOutputError
from interviewer.llm.tokens import count_messages, count_tokens
from interviewer.study import Study
from interviewer.synthesis.evidence import CodedExcerpt, ThemeDraft
from interviewer.synthesis.llm.chunking import prompt_room, reply_tokens
from interviewer.synthesis.llm.failures import CallLog

MAX_THEMES = 10
MAX_REDUCE_TOKENS = 16_000
"""Upper bound on one reduce prompt, however large the window (long lists get sloppy)."""
REPLY_SHARE = 0.35
"""Share of the window kept for the reply: it lists every code id again."""
MAX_ROUNDS = 6
EXAMPLE_CHARS = 120
_LABEL_NOISE = re.compile(r"[^\w\s]|_")


@dataclass
class Item:
    """A code, or a group formed in an earlier round, offered to the model by id."""

    id: str
    label: str
    example: str
    codes: list[Code]

    @property
    def respondents(self) -> int:
        return len({e.session_id for code in self.codes for e in code.excerpts})


@dataclass
class Code:
    """Excerpts sharing one label."""

    label: str
    excerpts: list[CodedExcerpt] = field(default_factory=list)


@dataclass
class Group:
    """A theme as the reduce step built it."""

    name: str
    definition: str
    items: list[Item]
    sub_groups: list[Group] = field(default_factory=list)

    def codes(self) -> list[Code]:
        return [c for item in self.items for c in item.codes] + [
            c for sub in self.sub_groups for c in sub.codes()
        ]


class SubThemeSpec(BaseModel):
    name: str
    definition: str = ""
    code_ids: list[str] = []


class ThemeSpec(SubThemeSpec):
    sub_themes: list[SubThemeSpec] = []


class ThemeSet(BaseModel):
    """The model's reply to one reduce prompt."""

    themes: list[ThemeSpec]


@dataclass
class ReduceResult:
    drafts: list[ThemeDraft]
    unassigned: list[Code]
    """Codes the model placed in no theme."""
    calls: int
    rounds: int


def collect_codes(excerpts: Sequence[CodedExcerpt]) -> list[Code]:
    """Excerpts grouped by code label (case, spacing and punctuation ignored)."""
    codes: dict[str, Code] = {}
    for excerpt in excerpts:
        label = excerpt.code or "uncoded"
        key = " ".join(_LABEL_NOISE.sub(" ", label.casefold()).split())
        codes.setdefault(key, Code(label)).excerpts.append(excerpt)
    return sorted(codes.values(), key=lambda c: c.label.casefold())


class Reducer:
    """Merges codes into themes with one model."""

    def __init__(
        self,
        model: ChatModel,
        study: Study,
        *,
        max_themes: int = MAX_THEMES,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.model = model
        self.study = study
        self.max_themes = max_themes
        self.progress = progress
        window = model.context_window
        self.max_tokens = reply_tokens(window, REPLY_SHARE)
        self.budget = min(MAX_REDUCE_TOKENS, prompt_room(window, self.max_tokens))
        self.calls = 0
        self.log = CallLog("theme-merge calls")

    def reduce(self, codes: Sequence[Code]) -> ReduceResult:
        items = [
            Item(f"C{i}", code.label, _example(code), [code]) for i, code in enumerate(codes, 1)
        ]
        rounds = 0
        while items:
            rounds += 1
            if self._fits(items) or rounds == MAX_ROUNDS:
                groups = self._group(items) if self._fits(items) else self._fallback(items)
                return self._result(groups, codes, rounds)
            batches = self._batches(items)
            if self.progress:
                self.progress(
                    f"merging codes: round {rounds}, {len(items)} items in {len(batches)} batches"
                )
            merged = [item for batch in batches for item in _as_items(self._group(batch))]
            for number, item in enumerate(merged, start=1):
                item.id = f"G{number}"
            if len(merged) >= len(items):  # the model is not merging; stop asking it to
                return self._result(self._fallback(merged), codes, rounds)
            items = merged
        return ReduceResult([], list(codes), self.calls, rounds)

    # -- model calls ---------------------------------------------------------------------------

    def _messages(self, items: Sequence[Item]) -> list[Message]:
        prompt = prompts.render(
            "synthesis_themes",
            title=self.study.title,
            decision=self.study.decision,
            max_themes=self.max_themes,
            codes=items,
        )
        return [Message("user", prompt)]

    def _fits(self, items: Sequence[Item]) -> bool:
        return count_messages(self._messages(items)) <= self.budget

    def _group(self, items: Sequence[Item]) -> list[Group]:
        reply = None
        problem: ModelOutputError | None = None
        for _attempt in range(2):
            self.calls += 1
            try:
                reply = self.model.complete_json(
                    self._messages(items), ThemeSet, max_tokens=self.max_tokens
                )
                break
            except ModelOutputError as exc:
                problem = exc
                continue
        if reply is None:
            assert problem is not None
            self.log.failed(problem)
            return self._fallback(items)
        self.log.succeeded()
        by_id = {item.id: item for item in items}
        used: set[str] = set()

        def take(ids: Sequence[str]) -> list[Item]:
            taken = []
            for raw in ids:
                key = raw.strip()
                if key in by_id and key not in used:
                    used.add(key)
                    taken.append(by_id[key])
            return taken

        groups: list[Group] = []
        for spec in reply.themes:
            subs = [Group(s.name, s.definition, take(s.code_ids)) for s in spec.sub_themes]
            subs = [s for s in subs if s.items]
            group = Group(spec.name, spec.definition, take(spec.code_ids), subs)
            if len(group.sub_groups) == 1:  # a lone sub-theme is the theme itself
                group.items += group.sub_groups[0].items
                group.sub_groups = []
            if group.items or group.sub_groups:
                groups.append(group)
        return groups

    def _fallback(self, items: Sequence[Item]) -> list[Group]:
        """Without a usable reply: the largest items stand as themes on their own."""
        ranked = sorted(items, key=lambda i: -i.respondents)[: self.max_themes]
        return [Group(i.label, i.example, [i]) for i in ranked]

    def _batches(self, items: Sequence[Item]) -> list[list[Item]]:
        fixed = count_messages(self._messages([]))
        room = max(1, self.budget - fixed)
        batches: list[list[Item]] = [[]]
        used = 0
        for item in items:
            # The line as synthesis_themes.j2 prints it (values fenced, example in <quote>).
            line = (
                f"{item.id} | {prompts.fence(item.label)} | 10 respondents | "
                f"e.g. <quote>{prompts.fence(item.example)}</quote>"
            )
            cost = count_tokens(line) + 1
            if batches[-1] and used + cost > room:
                batches.append([])
                used = 0
            batches[-1].append(item)
            used += cost
        return batches

    def _result(self, groups: list[Group], codes: Sequence[Code], rounds: int) -> ReduceResult:
        drafts = [_draft(g) for g in groups[: self.max_themes]]
        placed = {id(c) for g in groups[: self.max_themes] for c in g.codes()}
        unassigned = [c for c in codes if id(c) not in placed]
        return ReduceResult(drafts, unassigned, self.calls, rounds)


def _example(code: Code) -> str:
    text = " ".join(code.excerpts[0].text.split()) if code.excerpts else ""
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def _as_items(groups: Sequence[Group]) -> list[Item]:
    """Groups of one round as items of the next (numbered by the caller). A batch's themes
    become candidate sub-themes of the final round, so their own sub-groups fold into them."""
    return [Item("", g.name, g.definition[:EXAMPLE_CHARS], g.codes()) for g in groups]


def _draft(group: Group) -> ThemeDraft:
    def excerpts(codes: Sequence[Code]) -> list[CodedExcerpt]:
        ranked = sorted(codes, key=lambda c: -len({e.session_id for e in c.excerpts}))
        return [e for code in ranked for e in code.excerpts]

    return ThemeDraft(
        name=group.name.strip() or "Unnamed theme",
        definition=group.definition.strip(),
        excerpts=excerpts(group.codes()),
        sub_themes=[_draft(sub) for sub in group.sub_groups],
    )
