"""The offline synthesis engine's internals: no network, no language model."""
