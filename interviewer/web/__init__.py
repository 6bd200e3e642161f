"""The web server: interviews over HTTP, an embeddable chat widget, a researcher API.

``create_app(store, model_factory, settings)`` builds the FastAPI app; ``interviewer serve``
runs it with uvicorn. Layers: routes/ (HTTP) → interviews.py, researchers.py (services) →
conversation, moderator and store. See docs/web.md.
"""

from interviewer.web.app import create_app
from interviewer.web.settings import Limits, ModelFactory, WebSettings

__all__ = ["Limits", "ModelFactory", "WebSettings", "create_app"]
