"""How well the trust guard (``interviewer/quality``) tells genuine answers from bad ones.
Prints one JSON object.

The mixed set, per answer:
- **genuine**: real human answers nobody here wrote, presumed genuine — the 348 free-text
  answers of ``games_as_art_bopp`` (two per respondent) and every participant turn of eight
  words or more in the seven ``pdpilot_user_study`` interviews. Each gets telemetry of a person
  typing it (3–8 characters a second, no paste).
- **pasted**: genuine answers whose telemetry says they arrived by one paste (flag ``pasted``).
- **duplicated**: genuine answers sent again by a later session, verbatim or lightly edited
  (one word dropped, case changed, a word appended) (flag ``duplicate``).
- **machine**: answers generated from templates of chatbot prose — generic structure,
  list-like hedging, no first-person past — over the topics of the genuine sets (flag
  ``machine_style``). Template-written, not model-written: the figure says how the
  transparent features do on that style, not on every model.
- **gibberish**: keyboard mashing and letter soup (flag ``gibberish``).
- **speeders**: genuine answers typed at 40–200 characters a second (flag ``speeding``).

Per flag: precision (of the answers it flagged, the share of the kind it is meant for) and
recall (of the answers of its kind, the share it flagged). ``false_flag_rate``: genuine
answers given any flag at all (goal ≤ 2 %). ``cost``: per-answer time of the whole per-answer
guard plus the duplicate lookup against the study index (goal < 1 ms).

Run: ``python benchmarks/quality_guard.py [--eval-dir ../shared/eval] [--seed 7]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from interviewer.quality import duplicates
from interviewer.quality.assessment import answer_signals
from interviewer.quality.effort import AnswerTurn
from interviewer.quality.signals import Flag
from interviewer.quality.telemetry import AnswerTelemetry

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval"
KIND_FLAG = {
    "pasted": Flag.PASTED,
    "duplicated": Flag.DUPLICATE,
    "machine": Flag.MACHINE_STYLE,
    "gibberish": Flag.GIBBERISH,
    "speeder": Flag.SPEEDING,
}
GOALS = {"false_flag_rate": 0.02, "ms_per_answer": 1.0}


@dataclass
class Item:
    kind: str
    text: str
    telemetry: AnswerTelemetry
    source: str | None = None
    """The id of the genuine answer it is (or copies)."""


# -- the genuine answers --------------------------------------------------------------------


def genuine_answers(eval_dir: Path) -> list[tuple[str, str]]:
    """``(id, text)`` of every genuine answer, in a stable order."""
    found: list[tuple[str, str]] = []
    with (eval_dir / "games_as_art_bopp" / "bopp_test.csv").open(
        encoding="cp1252", newline=""
    ) as f:
        for n, row in enumerate(csv.DictReader(f)):
            for column in ("experience", "why_art"):
                text = (row.get(column) or "").strip()
                if text:
                    found.append((f"bopp:{n}:{column}", text))
    speaker = re.compile(r"^(P\d+):\s*(.*)$")
    for path in sorted((eval_dir / "pdpilot_user_study" / "transcripts").glob("P*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            match = speaker.match(line.strip())
            if match and len(match.group(2).split()) >= 8:
                found.append((f"{path.stem}:{n}", match.group(2)))
    return found


def typed(text: str, rng: random.Random) -> AnswerTelemetry:
    cps = rng.uniform(3.0, 8.0)
    return AnswerTelemetry(typing_ms=int(len(text) / cps * 1000) + rng.randint(500, 4000))


# -- the generated answers -------------------------------------------------------------------

TOPICS = (
    "meal planning",
    "invoice approvals",
    "partial dependence plots",
    "this kind of game",
    "data exploration",
    "expense reports",
    "onboarding new tools",
    "the approval workflow",
    "interactive art",
    "model debugging",
)
OPENERS = (
    "{T} typically involves several key considerations.",
    "When it comes to {t}, there are a variety of factors to consider.",
    "Great question! {T} can be approached in various ways.",
    "Overall, {t} is an important aspect of any workflow.",
    "{T} generally depends on individual needs and preferences.",
)
POINTS = (
    "Firstly, it is important to assess the specific needs of the team.",
    "Additionally, clear communication can help ensure efficiency.",
    "Furthermore, leveraging the right tools can streamline the process.",
    "Moreover, a comprehensive overview helps users make informed decisions.",
    "- Consistency: a robust routine can enhance outcomes.",
    "- Flexibility: the best approach may vary depending on the context.",
    "1. Planning ahead can reduce stress and save time.",
    "2. Regular review ensures that goals remain aligned.",
    "Secondly, best practices suggest that collaboration is crucial.",
    "In addition, it's essential to balance quality and speed.",
)
CLOSERS = (
    "In conclusion, a well-structured approach can enhance both efficiency and satisfaction.",
    "Ultimately, the key is to find a seamless balance that works for you.",
    "Overall, it really depends on the situation, but these steps are generally effective.",
    "That said, every situation is different, so it is important to stay flexible.",
)


def machine_answer(rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    opener = rng.choice(OPENERS).format(T=topic[:1].upper() + topic[1:], t=topic)
    points = rng.sample(POINTS, rng.randint(3, 5))
    return " ".join([opener, *points, rng.choice(CLOSERS)])


ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def gibberish(rng: random.Random) -> str:
    if rng.random() < 0.5:  # mashing along a keyboard row
        row = rng.choice(ROWS)
        start = rng.randrange(0, len(row) - 4)
        return "".join(
            row[start : start + rng.randint(4, len(row) - start)] for _ in range(rng.randint(2, 4))
        )
    letters = "bcdfghjklmnpqrstvwxz"  # consonant soup, a few "words"
    return " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
        for _ in range(rng.randint(1, 4))
    )


def edited(text: str, rng: random.Random) -> str:
    words = text.split()
    choice = rng.randrange(4)
    if choice == 1 and len(words) > 3:
        del words[rng.randrange(len(words))]
    elif choice == 2:
        return text.lower()
    elif choice == 3:
        words.append(rng.choice(("really", "honestly", "basically")))
    return " ".join(words)


def mixed_set(genuine: list[tuple[str, str]], rng: random.Random) -> list[Item]:
    items = [Item("genuine", text, typed(text, rng), source=gid) for gid, text in genuine]
    sample = rng.sample(genuine, min(150, len(genuine)))
    items += [
        Item(
            "pasted",
            t,
            AnswerTelemetry(typing_ms=rng.randint(300, 3000), pastes=1, pasted_chars=len(t)),
            source=gid,
        )
        for gid, t in sample[:50]
    ]
    long_enough = [g for g in genuine if len(g[1].split()) >= duplicates.MIN_WORDS]
    for gid, text in rng.sample(long_enough, min(50, len(long_enough))):
        copy = edited(text, rng)
        items.append(Item("duplicated", copy, typed(copy, rng), source=gid))
    for _ in range(100):
        text = machine_answer(rng)
        items.append(Item("machine", text, typed(text, rng)))
    for _ in range(50):
        text = gibberish(rng)
        items.append(Item("gibberish", text, typed(text, rng)))
    for gid, text in sample[50:100]:
        cps = rng.uniform(40.0, 200.0)
        telemetry = AnswerTelemetry(typing_ms=int(len(text) / cps * 1000))
        items.append(Item("speeder", text, telemetry, source=gid))
    return items


# -- the run ---------------------------------------------------------------------------------


def run(eval_dir: Path, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    genuine = genuine_answers(eval_dir)
    items = mixed_set(genuine, rng)
    # The study index: every genuine answer as an earlier session's (a bopp respondent or a
    # pdpilot interview is one session). A genuine answer, and the pasted or sped-up copy of
    # one (the same person, other telemetry), is compared with the other sessions only; a
    # duplicate with all of them.
    index = duplicates.SignatureIndex()
    for gid, text in genuine:
        if (sig := duplicates.signature(text)) is not None:
            index.add(_session(gid), gid, sig)
    everyone = set(index.sessions)
    flagged: list[set[Flag]] = []
    seconds: list[float] = []
    for item in items:
        own = _session(item.source) if item.source and item.kind != "duplicated" else None
        allowed = index.mask(everyone - {own}) if own else None
        turn = AnswerTurn("q", item.text, True, item.telemetry, None)
        start = time.perf_counter()
        flags = {s.flag for s in answer_signals(turn, "en")}
        if index.near_duplicates([("q", item.text)], allowed):
            flags.add(Flag.DUPLICATE)
        seconds.append(time.perf_counter() - start)
        flagged.append(flags)
    per_flag: dict[str, Any] = {}
    for kind, flag in KIND_FLAG.items():
        positives = [i for i, it in enumerate(items) if it.kind == kind]
        hits = [i for i, flags in enumerate(flagged) if flag in flags]
        true = [i for i in hits if items[i].kind == kind]
        per_flag[flag.value] = {
            "items": len(positives),
            "flagged": len(hits),
            "precision": round(len(true) / len(hits), 4) if hits else None,
            "recall": round(len(true) / len(positives), 4) if positives else None,
            "false_positives_by_kind": _count(items[i].kind for i in hits if items[i].kind != kind),
        }
    genuine_idx = [i for i, it in enumerate(items) if it.kind == "genuine"]
    false_flags = [i for i in genuine_idx if flagged[i]]
    examples = [
        {"flags": sorted(f.value for f in flagged[i]), "text": items[i].text[:160]}
        for i in false_flags[:8]
    ]
    ms = [s * 1000 for s in seconds]
    result = {
        "benchmark": "quality_guard",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": seed,
        "set": _count(it.kind for it in items),
        "per_flag": per_flag,
        "genuine": {
            "answers": len(genuine_idx),
            "flagged": len(false_flags),
            "false_flag_rate": round(len(false_flags) / len(genuine_idx), 4),
            "by_flag": _count(f.value for i in false_flags for f in flagged[i]),
            "examples": examples,
        },
        "cost_ms_per_answer": {
            "mean": round(statistics.fmean(ms), 3),
            "p50": round(statistics.median(ms), 3),
            "p95": round(sorted(ms)[int(0.95 * (len(ms) - 1))], 3),
            "index_size": len(index),
        },
        "goals": GOALS,
    }
    result["met"] = {
        "false_flag_rate": result["genuine"]["false_flag_rate"] <= GOALS["false_flag_rate"],
        "ms_per_answer": result["cost_ms_per_answer"]["mean"] < GOALS["ms_per_answer"],
    }
    return result


def _session(answer_id: str) -> str:
    """``bopp:12:why_art`` → ``bopp:12``; ``P3:40`` → ``P3``."""
    return answer_id.rsplit(":", 1)[0] if answer_id.startswith("bopp:") else answer_id.split(":")[0]


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(run(args.eval_dir, args.seed), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
