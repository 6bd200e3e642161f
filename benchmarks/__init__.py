"""Benchmarks that print JSON (see README.md). A regular package, so a third-party top-level
``benchmarks`` module (pysbd ships one) cannot shadow it on ``sys.path``."""
