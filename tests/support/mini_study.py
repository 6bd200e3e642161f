"""A small study with every question type, for moderator tests (plain data, no files)."""

from __future__ import annotations

from typing import Any

from interviewer.study import Study

GOAL = "Find out whether approval delays cost them late-payment fees"

MINI_STUDY: dict[str, Any] = {
    "id": "mini",
    "title": "Invoice approvals",
    "decision": "Whether to build approval reminders first",
    "hypotheses": [{"id": "h1", "text": "Approvals stall because approvers travel"}],
    "consent": "We record your answers for research. You can stop at any time.",
    "intro": "Thanks for joining! A few questions about how approvals work for you.",
    "moderator": {"max_follow_ups": 2, "target_depth": 4},
    "questions": [
        {
            "id": "role",
            "type": "single_choice",
            "text": "What best describes your role?",
            "options": ["Finance", "Operations", "Student"],
            "disqualify_if": {"equals": "Student"},
        },
        {
            "id": "last_time",
            "type": "open_ended",
            "text": "Tell me about the last time an invoice approval got stuck.",
            "goal": GOAL,
            "probes": ["Who was the approver you were waiting on?"],
        },
        {
            "id": "pain",
            "type": "scale",
            "text": "How painful are approvals for you today?",
            "min": 1,
            "max": 10,
            "min_label": "Not at all",
            "max_label": "Extremely",
            "why": "What makes it a {answer}?",
        },
        {
            "id": "tools",
            "type": "multiple_choice",
            "text": "Which tools do you use for approvals?",
            "options": ["Slack", "Jira", "Email"],
            "allow_other": True,
        },
        {
            "id": "priority",
            "type": "ranking",
            "text": "Rank these by how much time they cost you.",
            "items": ["Chasing approvers", "Fixing coding errors", "Matching POs"],
        },
        {
            "id": "switched",
            "type": "yes_no",
            "text": "Have you changed your approval process in the last year?",
        },
        {
            "id": "switch_story",
            "type": "open_ended",
            "text": "What made you change it?",
            "show_if": {"question": "switched", "equals": True},
            "max_follow_ups": 1,
        },
    ],
}


def mini_study(**overrides: Any) -> Study:
    data = {**MINI_STUDY, **overrides}
    return Study.model_validate(data)
