"""A study: its schema (:mod:`.schema`), the YAML file that holds it (:mod:`.file`) and the
starter template and summary for authors (:mod:`.authoring`).

The public names are re-exported here so ``from interviewer.study import Study, OpenEnded`` and
``from interviewer.study import load_study`` work without knowing the split.
"""

from interviewer.study.authoring import (
    DEFAULT_TOPIC,
    estimate_minutes,
    render_template,
    summary,
    write_template,
)
from interviewer.study.file import (
    Problem,
    StudyFileError,
    load_study,
    load_study_text,
)
from interviewer.study.schema import (
    QUESTION_TYPES,
    AnswerValue,
    ClosedQuestion,
    Condition,
    Hypothesis,
    Identifier,
    Loc,
    LocatedError,
    Messages,
    ModeratorSettings,
    MultipleChoice,
    OpenEnded,
    Question,
    QuestionBase,
    Ranking,
    Scale,
    ShowIf,
    SingleChoice,
    Strict,
    Study,
    YesNo,
)

__all__ = [
    "DEFAULT_TOPIC",
    "QUESTION_TYPES",
    "AnswerValue",
    "ClosedQuestion",
    "Condition",
    "Hypothesis",
    "Identifier",
    "Loc",
    "LocatedError",
    "Messages",
    "ModeratorSettings",
    "MultipleChoice",
    "OpenEnded",
    "Problem",
    "Question",
    "QuestionBase",
    "Ranking",
    "Scale",
    "ShowIf",
    "SingleChoice",
    "Strict",
    "Study",
    "StudyFileError",
    "YesNo",
    "estimate_minutes",
    "load_study",
    "load_study_text",
    "render_template",
    "summary",
    "write_template",
]
