"""A short all-text study for the trust-guard tests, and answers to run it with."""

from __future__ import annotations

from interviewer.study import Study
from interviewer.study.file import load_study_text

GUARD_YAML = """\
id: guard
title: Weekly meal planning
decision: Whether to build a shopping-list feature first
consent: We keep your answers for research. You can stop at any time.
moderator:
  max_follow_ups: 0
questions:
  - id: last_week
    type: open_ended
    text: Tell me about the last time you planned your meals for the week.
  - id: used_app
    type: yes_no
    text: Have you used Mealime to plan meals?
  - id: hardest
    type: open_ended
    text: What was the hardest part of that week?
  - id: fix
    type: open_ended
    text: What did you do about it?
"""

GENUINE = (
    "Last Sunday I sat down at the kitchen table around 6pm and wrote five dinners on the back "
    "of an envelope, then checked the fridge and found we still had half a chicken and spinach.",
    "no",
    "Wednesday fell apart because my daughter's swim practice ran until 7:30, so we got home "
    "starving and I had not defrosted the salmon. We ended up ordering pizza for $38.",
    "I moved the salmon to Friday, and since then I defrost on Tuesday night and keep two "
    "frozen curries from Costco as a backup, which saved us twice last month.",
)

MACHINE = (
    "Meal planning typically involves several key considerations. Firstly, it is important to "
    "assess your schedule and dietary preferences. Additionally, creating a comprehensive "
    "shopping list can help ensure efficiency. Furthermore, batch cooking can streamline the "
    "process and reduce stress. Overall, a well-structured approach can enhance both nutrition "
    "and convenience, although the best strategy may vary depending on individual needs."
)


def guard_study() -> Study:
    return load_study_text(GUARD_YAML, "guard.yaml")


def typed(text: str, seconds_per_char: float = 0.2) -> dict[str, int]:
    """Telemetry of an answer typed by hand at a person's pace."""
    return {"typing_ms": int(len(text) * seconds_per_char * 1000), "pastes": 0, "pasted_chars": 0}


def pasted(text: str) -> dict[str, int]:
    """Telemetry of an answer pasted whole, in a second."""
    return {"typing_ms": 1200, "pastes": 1, "pasted_chars": len(text)}
