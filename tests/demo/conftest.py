"""The demo stages use the fixtures of the areas they drive."""

from tests.dialogue.conftest import vault, work  # noqa: F401
from tests.grading.conftest import isolated_jupyter  # noqa: F401
