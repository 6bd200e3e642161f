"""A scripted "model" for the synthesis prompts: plausible JSON, with deliberate mistakes.

It reads the prompt it is given (coding, theme merge, insights or hypotheses) and answers the
way a real model would, in shape — including the mistakes real models make with quotes:
about a tenth of its quotes are paraphrased (near misses quote verification should repair),
some cite the wrong turn, some are ellipses, and some are invented outright (verification
must drop them). Deterministic: the same prompt always gets the same reply.

Use with the OpenAI stub server (``stub.responder = http_responder``) or with
``ScriptedModel(default=message_responder)``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from typing import Any

from interviewer.llm.base import Message

LINE = re.compile(
    r"^\[(\d+)\] (Respondent|Moderator)(?: \(question ([\w-]+)\))?: (?:<respondent>)?"
    r"(?:\(part \d+ of \d+\) )?(.*?)(?:</respondent>)?$"
)
CODE_LINE = re.compile(r"^(\w+) \| (.+?) \| (\d+) respondents? \| e\.g\. <quote>(.*)</quote>$")
THEME_LINE = re.compile(r"^(T\d+): (.+?) — ")
HYPOTHESIS_LINE = re.compile(r"^(h\w*): (.+)$")
QUOTE_LINE = re.compile(r"^(Q\d+) \(([^)]*)\): <quote>(.*)</quote>$")
SENTENCE = re.compile(r"[^.!?]+[.!?]?")

CODES = [
    (r"approv|sign.?off|sign off", "waiting for approvals"),
    (r"email|slack|teams|remind|chase|chasing", "chasing approvers by hand"),
    (r"spreadsheet|matrix|who (?:is|was|should)|heads", "approval rules unclear"),
    (r"late fee|discount|credit hold|cost|\$", "money lost to slow approvals"),
    (r"purchase order|\bpo\b|procurement|mismatch|match", "PO mismatches"),
    (r"travel|leave|holiday|away|sick", "approver unavailable"),
    (r"erp|netsuite|workflow|tool|app", "tool limitations"),
    (r"kids|partner|family|refus", "family preferences"),
    (r"shopping list|shop|grocer|ingredient", "shopping list effort"),
    (r"waste|threw|bin|slimy|went off|goes off", "food waste"),
    (r"plan|sunday|batch", "planning falls apart"),
    (r"tired|late|work|energy|time", "no time or energy"),
    (r"pizza|takeaway|order", "fallback to takeaway"),
]
NEGATIVE = re.compile(
    r"never|late|stuck|wait|chase|hate|forgot|waste|miss|fee|annoy|guilty|refus|problem|hard", re.I
)
POSITIVE = re.compile(r"works|great|easy|saves|helps|better", re.I)
FAMILIES = {
    "waiting for approvals": "Approvals stall",
    "approver unavailable": "Approvals stall",
    "chasing approvers by hand": "Manual chasing",
    "approval rules unclear": "Unclear ownership",
    "money lost to slow approvals": "Real money lost",
    "PO mismatches": "Matching problems",
    "tool limitations": "Tools fall short",
    "family preferences": "Household dynamics",
    "shopping list effort": "Shopping overhead",
    "food waste": "Waste from broken plans",
    "planning falls apart": "Plans do not survive the week",
    "no time or energy": "Evenings without energy",
    "fallback to takeaway": "Plans do not survive the week",
}
INVENTED = [
    "This product would completely transform how our whole team works every day.",
    "I would happily pay double for something that fixes all of this.",
    "Our CEO personally reviews every single invoice before lunch.",
]


def message_responder(messages: list[Message]) -> str:
    """For ``ScriptedModel``: the reply to the last message."""
    return respond(messages[-1].content)


def http_responder(body: dict[str, Any]) -> str:
    """For ``OpenAIStub.responder``: the reply to the request's last message."""
    return respond(str(body["messages"][-1]["content"]))


def respond(prompt: str) -> str:
    rng = random.Random(int(hashlib.sha256(prompt.encode()).hexdigest()[:12], 16))
    if "coding customer-interview transcripts" in prompt:
        return json.dumps({"excerpts": _coding(prompt, rng)})
    if "merging codes from customer interviews" in prompt:
        return json.dumps({"themes": _themes(prompt)})
    if "decision-ready insights" in prompt:
        return json.dumps({"insights": _insights(prompt)})
    if "judging hypotheses" in prompt:
        return json.dumps({"verdicts": _verdicts(prompt)})
    return json.dumps({})


def code_for(text: str) -> str:
    lowered = text.lower()
    for pattern, label in CODES:
        if re.search(pattern, lowered):
            return label
    return "other experiences"


def _coding(prompt: str, rng: random.Random) -> list[dict[str, Any]]:
    lines = [
        m for m in (LINE.match(x) for x in prompt.split("Transcript:", 1)[-1].splitlines()) if m
    ]
    ids = [int(m.group(1)) for m in lines]
    excerpts = []
    for position, match in enumerate(lines):
        turn_id, role, question, text = (
            int(match.group(1)),
            match.group(2),
            match.group(3),
            match.group(4),
        )
        sentences = [s.strip() for s in SENTENCE.findall(text) if len(s.split()) >= 4]
        if role != "Respondent" or not sentences:
            continue
        for sentence in sentences[:2]:
            quote, cited = sentence, turn_id
            roll = rng.random()
            if roll < 0.10:
                quote = _paraphrase(sentence, rng)
            elif roll < 0.16 and position > 0:
                cited = ids[position - 1]  # the line before: usually the moderator's question
            elif roll < 0.22 and len(sentence.split()) >= 10:
                words = sentence.split()
                quote = " ".join(words[:4]) + " … " + " ".join(words[-4:])
            elif roll < 0.28:
                quote = rng.choice(INVENTED)
            tone = (
                "negative"
                if NEGATIVE.search(sentence)
                else "positive"
                if POSITIVE.search(sentence)
                else "neutral"
            )
            excerpts.append(
                {
                    "quote": quote,
                    "turn_id": f"T{cited}" if roll > 0.9 else cited,
                    "code": code_for(sentence),
                    "sentiment": tone,
                    "question_id": question,
                }
            )
    return excerpts


def _paraphrase(sentence: str, rng: random.Random) -> str:
    """A near miss: one small word dropped or changed, as models do when they "tidy" a quote."""
    words = sentence.split()
    small = [
        i
        for i, w in enumerate(words)
        if w.lower() in {"the", "a", "and", "so", "just", "really", "then"}
    ]
    if small:
        del words[rng.choice(small)]
    elif len(words) > 5:
        words[rng.randrange(1, len(words))] = "basically"
    return " ".join(words).replace("I'm", "I am")


def _themes(prompt: str) -> list[dict[str, Any]]:
    families: dict[str, list[tuple[str, str]]] = {}
    for line in prompt.split("Codes:", 1)[-1].splitlines():
        match = CODE_LINE.match(line.strip())
        if match:
            code_id, label = match.group(1), match.group(2)
            family = (
                FAMILIES.get(label) or FAMILIES.get(code_for(label)) or label.split()[0].title()
            )
            families.setdefault(family, []).append((code_id, label))
    themes = []
    for family, members in families.items():
        labels = sorted({label for _, label in members})
        if len(labels) > 1:
            subs = [
                {
                    "name": label.capitalize(),
                    "definition": f"Respondents describe {label}.",
                    "code_ids": [c for c, lab in members if lab == label],
                }
                for label in labels
            ]
            themes.append(
                {
                    "name": family,
                    "definition": f"Everything about {family.lower()}.",
                    "code_ids": [],
                    "sub_themes": subs,
                }
            )
        else:
            themes.append(
                {
                    "name": family,
                    "definition": f"Everything about {family.lower()}.",
                    "code_ids": [c for c, _ in members],
                }
            )
    return themes


def _insights(prompt: str) -> list[dict[str, str]]:
    insights = []
    for line in prompt.split("Themes:", 1)[-1].splitlines():
        match = THEME_LINE.match(line.strip())
        if match:
            name = match.group(2)
            insights.append(
                {
                    "theme_id": match.group(1),
                    "belief": f"{name.lower()} is a real, recurring cost for these teams",
                    "because": "several respondents described recent, concrete incidents of it",
                    "action": f"prototype a fix for {name.lower()} and test it with five of them",
                }
            )
    return insights


def _verdicts(prompt: str) -> list[dict[str, Any]]:
    hypotheses = [
        m
        for m in (
            HYPOTHESIS_LINE.match(x.strip())
            for x in prompt.split("Hypotheses:", 1)[-1].split("Themes:", 1)[0].splitlines()
        )
        if m
    ]
    quotes = [
        m
        for m in (QUOTE_LINE.match(x.strip()) for x in prompt.split("Quotes:", 1)[-1].splitlines())
        if m
    ]
    verdicts = []
    for hypothesis in hypotheses:
        words = {w for w in re.findall(r"[a-z]{4,}", hypothesis.group(2).lower())}
        related = [
            q.group(1)
            for q in quotes
            if len(words & set(re.findall(r"[a-z]{4,}", q.group(3).lower()))) >= 2
        ]
        verdicts.append(
            {
                "hypothesis_id": hypothesis.group(1),
                "verdict": "supported" if len(related) >= 2 else "not enough evidence",
                "rationale": f"{len(related)} quotes speak to it directly.",
                "supporting": related[:4],
                "contradicting": [],
            }
        )
    return verdicts
