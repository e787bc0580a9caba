"""The synthetic data is checked with the narratives area's framework and corpus."""

from tests.narratives.conftest import corpus, framework  # noqa: F401
