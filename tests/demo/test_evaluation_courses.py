"""The evaluation demo stage on the grading stage's courses (no courses of its own).

Apart from test_demo.py so that ``make test``'s two workers can run the two long demo-stage
tests side by side.
"""

from __future__ import annotations

import pytest

from kit.demo import DemoContext
from kit.evaluation.publication import read_published


@pytest.mark.slow
def test_demo_stage_uses_the_grading_stages_courses(synthetic_pair, tmp_path):
    vault = tmp_path / "kluis"
    vault.mkdir(mode=0o700)
    ctx = DemoContext(out=tmp_path, vault=vault, quick=True,
                      results={"courses": dict(synthetic_pair)})
    from kit.demo.evaluation import demo_stage

    demo_stage(ctx)
    assert not (tmp_path / "evaluatie" / "cursussen").exists()
    trend = read_published(ctx.results["report"].parent, "trend")
    assert set(trend["last_period"]) >= {"2024-2025", "jaar 2"}
