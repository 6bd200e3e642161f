"""The Mom Test, applied to the researcher's own questions: ``interviewer validate`` warns at
FILE:LINE:COL on questions that are hypothetical, leading, double-barrelled, pitching, or a yes/no
question typed as ``open_ended``.

The moderator already holds its own words to these rules (moderator/guard.py); this holds the
study file to them before anyone is interviewed. Patterns are per language (the study's
``language``); a language without patterns gets only the language-independent check (several
question marks in one question), so the lint never misfires on words it cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from interviewer.study.file import Problem
from interviewer.study.schema import OpenEnded, Study


@dataclass(frozen=True)
class Rule:
    code: str
    pattern: re.Pattern[str]
    advice: str
    open_only: bool = False
    """Only for ``open_ended`` questions (a yes/no question is fine typed as ``yes_no``)."""


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I | re.UNICODE)


_ADVICE = {
    "hypothetical": (
        "hypothetical question: people predict their future kindly and wrongly; ask what they "
        'did the last time instead (e.g. "When did you last …? What did you do?")'
    ),
    "leading": (
        "leading question: it tells the respondent the answer you hope for; ask neutrally "
        '(e.g. "How did that go?")'
    ),
    "pitching": (
        "pitches a product: describing your idea turns the interview into a sales call; ask "
        "about their problem and what they already do about it"
    ),
    "double-barrelled": (
        "double-barrelled: asks two things at once, so answers mix; split it into two questions "
        "or move the second into `probes:`"
    ),
    "yes-no": (
        "yes/no question typed as open_ended: it invites a one-word answer; ask for a story "
        '("Tell me about the last time …") or make it `type: yes_no`'
    ),
}

# Requests phrased as questions ("Could you tell me…", "Can you walk me through…") are open.
_REQUEST_EN = r"(?!you (?:tell|walk|describe|talk|share|explain|say|give|show|think|remember|take|list|recall)\b)"

RULES: dict[str, tuple[Rule, ...]] = {
    "en": (
        Rule(
            "hypothetical",
            _rx(
                r"\b(would you|if you (could|had|were|did)|imagine (if|that|you)|suppose|what if|"
                r"how likely|will you|could you see yourself|would it be|would that)\b"
            ),
            _ADVICE["hypothetical"],
        ),
        Rule(
            "leading",
            _rx(
                r"\b(don'?t you (think|agree|feel|find)|wouldn'?t you|isn'?t it (true|fair|annoying)|"
                r"surely|do you agree|aren'?t you|you'?d agree|how (great|useful|annoying) (is|was)|"
                r"how much do you (love|hate))\b"
            ),
            _ADVICE["leading"],
        ),
        Rule(
            "pitching",
            _rx(
                r"\b(our (new )?(product|app|tool|solution|platform|service|feature)|"
                r"we('re| are) (building|launching|working on|making)|"
                r"an? (app|tool|product|platform|service|feature|solution) that|sign up)\b"
            ),
            _ADVICE["pitching"],
        ),
        Rule(
            "double-barrelled",
            _rx(
                r",?\s+(and|or)\s+(where|why|how|what|who|when|whether|which|is there|are there|"
                r"do you|did you|does it|would you|have you)\b[^?]*\?"
            ),
            _ADVICE["double-barrelled"],
        ),
        Rule(
            "yes-no",
            _rx(
                r"(?:^|[.!?:]\s+|,\s+)(do|does|did|is|are|was|were|have|has|had|can|could|will|"
                r"should|shall|may|am)\s+" + _REQUEST_EN + r"[^.!?]*\?\s*$"
            ),
            _ADVICE["yes-no"],
            open_only=True,
        ),
    ),
    "es": (
        Rule(
            "hypothetical",
            _rx(
                r"\b(usarías|pagarías|comprarías|te gustaría|si pudieras|harías|podrías imaginar)\b"
            ),
            _ADVICE["hypothetical"],
        ),
        Rule("leading", _rx(r"\b(no crees que|no te parece que|verdad que)\b"), _ADVICE["leading"]),
        Rule(
            "yes-no",
            _rx(r"¿\s*(tienes|has|eres|estás|usas|sueles|te gusta|crees|es|hay)\b[^?]*\?\s*$"),
            _ADVICE["yes-no"],
            open_only=True,
        ),
    ),
    "de": (
        Rule(
            "hypothetical",
            _rx(r"\b(würdest|würden sie|wenn du könntest|hättest du gern)\b"),
            _ADVICE["hypothetical"],
        ),
        Rule(
            "leading", _rx(r"\b(findest du nicht|meinst du nicht|nicht wahr)\b"), _ADVICE["leading"]
        ),
        Rule(
            "yes-no",
            _rx(
                r"(?:^|[.!?:]\s+)(hast|bist|hattest|warst|nutzt|benutzt|gibt es|ist|sind|magst)\b"
                r"[^.!?]*\?\s*$"
            ),
            _ADVICE["yes-no"],
            open_only=True,
        ),
    ),
    "fr": (
        Rule(
            "hypothetical",
            _rx(r"\b(utiliserais|paierais|achèterais|aimerais-tu|si tu pouvais|voudrais-tu)\b"),
            _ADVICE["hypothetical"],
        ),
        Rule("leading", _rx(r"\b(ne penses-tu pas|n'est-ce pas)\b"), _ADVICE["leading"]),
        Rule(
            "yes-no",
            _rx(
                r"(?:^|[.!?:]\s+)(est-ce que|as-tu|es-tu|utilises-tu|aimes-tu|y a-t-il)\b"
                r"[^.!?]*\?\s*$"
            ),
            _ADVICE["yes-no"],
            open_only=True,
        ),
    ),
    "pt": (
        Rule(
            "hypothetical",
            _rx(r"\b(usaria|pagaria|compraria|gostaria|se você pudesse)\b"),
            _ADVICE["hypothetical"],
        ),
        Rule("leading", _rx(r"\b(você não acha|não é verdade)\b"), _ADVICE["leading"]),
        Rule(
            "yes-no",
            _rx(r"(?:^|[.!?:]\s+)(você (tem|usa|já|gosta|acha)|existe|há|tem)\b[^.!?]*\?\s*$"),
            _ADVICE["yes-no"],
            open_only=True,
        ),
    ),
}
# Probes are follow-ups: only the rules about what is asked apply (a probe may pair two asks).
_PROBE_CODES = frozenset({"hypothetical", "leading", "pitching"})


def lint_study(study: Study, text: str, filename: str) -> list[Problem]:
    """Mom Test warnings for every authored question and probe, at the line:col of the words."""
    language = (study.language or "en").split("-", 1)[0].lower()
    rules = RULES.get(language, ())
    nodes = _question_nodes(text)
    problems: list[Problem] = []
    for index, question in enumerate(study.questions):
        spots = nodes.get(index, {})
        is_open = isinstance(question, OpenEnded)
        found = _check(question.text, rules, is_open, probe=False)
        if question.text.count("?") > 1 and not any(c == "double-barrelled" for c, _ in found):
            found.append(("double-barrelled", question.text.index("?")))
        for code, offset in found:
            line, col = _position(spots.get("text"), offset, text)
            problems.append(
                Problem(filename, line, col, f"question {question.id!r}: {_ADVICE[code]}")
            )
        for number, probe in enumerate(getattr(question, "probes", ()) or ()):
            for code, offset in _check(probe, rules, is_open, probe=True):
                line, col = _position(spots.get(f"probe{number}"), offset, text)
                problems.append(
                    Problem(filename, line, col, f"probe of {question.id!r}: {_ADVICE[code]}")
                )
    return sorted(problems, key=lambda p: (p.line, p.col))


def _check(
    words: str, rules: tuple[Rule, ...], is_open: bool, *, probe: bool
) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for rule in rules:
        if probe and rule.code not in _PROBE_CODES:
            continue
        if rule.open_only and not is_open:
            continue
        match = rule.pattern.search(words)
        if match is not None:
            # Point at the words themselves, not the separator a pattern had to match first.
            start = match.start(1) if rule.code in ("yes-no", "double-barrelled") else match.start()
            found.append((rule.code, start))
    return found


def _question_nodes(text: str) -> dict[int, dict[str, yaml.Node]]:
    """The YAML scalar node of each question's ``text`` and probes, by question index."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    out: dict[int, dict[str, yaml.Node]] = {}
    for key, value in root.value:
        if getattr(key, "value", None) != "questions" or not isinstance(value, yaml.SequenceNode):
            continue
        for index, item in enumerate(value.value):
            if not isinstance(item, yaml.MappingNode):
                continue
            spots: dict[str, yaml.Node] = {}
            for k, v in item.value:
                if k.value == "text":
                    spots["text"] = v
                elif k.value == "probes" and isinstance(v, yaml.SequenceNode):
                    for number, probe in enumerate(v.value):
                        spots[f"probe{number}"] = probe
            out[index] = spots
    return out


def _position(node: yaml.Node | None, offset: int, text: str) -> tuple[int, int]:
    """1-based line:col of character ``offset`` of a scalar's value (its start if folded)."""
    if node is None:
        return 1, 1
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    style = getattr(node, "style", None)
    single_line = node.start_mark.line == node.end_mark.line
    if not single_line:
        return line, col
    quote = 1 if style in ('"', "'") else 0
    raw = text.splitlines()[node.start_mark.line][node.start_mark.column :]
    # Escapes in double quotes can shift offsets; only point inside when the text is verbatim.
    value = node.value if isinstance(node.value, str) else ""
    if raw[quote : quote + len(value)] == value:
        return line, col + quote + offset
    return line, col
