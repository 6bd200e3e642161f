"""interviewer: local-first AI-moderated customer-research interviews."""

__version__ = "0.1.0"
