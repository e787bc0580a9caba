"""The benchmarks' tests use the privacy area's deduce fixture."""

from tests.privacy.conftest import deduce_ready  # noqa: F401
