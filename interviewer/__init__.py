"""interviewer: local-first AI-moderated customer-research interviews."""

__version__ = "0.1.0"

DISTRIBUTION = "interviewer-research"
"""The name pip knows this project by: ``interviewer`` on PyPI is an unrelated project.

The import package and the command stay ``interviewer``.
"""


def pip_install(extra: str) -> str:
    """The one-line install advice for an optional extra, from PyPI or from a checkout."""
    return f"pip install '{DISTRIBUTION}[{extra}]' (from a checkout: pip install -e \".[{extra}]\")"
