"""HTTP routes, one module per audience: respondents, researchers, and the served pages."""
