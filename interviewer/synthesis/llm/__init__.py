"""The LLM synthesis engine's internals: coding, chunking, theme merge, usage metering."""
