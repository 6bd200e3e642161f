"""The LLM synthesis engine (engine.py) and its internals: chunking and coding, theme merge,
insight phrasing, hypothesis judging, failure accounting and usage metering."""
