"""The demo stage builds pseudonymised work folders per cohort through the real pipeline."""

from __future__ import annotations

import re

import pytest

from kit.demo import DemoContext
from kit.demo.narratives import demo_stage
from kit.narratives.store import load_narratives


@pytest.mark.slow
def test_demo_stage_quick(tmp_path, capsys):
    vault = tmp_path / "kluis"
    vault.mkdir(mode=0o700)
    ctx = DemoContext(out=tmp_path, vault=vault, quick=True, cohorts=["2025-2026", "2026-2027"])
    summary = demo_stage(ctx)
    folders = ctx.results["narratives"]
    assert set(folders) == {"2025-2026", "2026-2027"}
    frames = {c: load_narratives(f) for c, f in folders.items()}
    assert all(len(f) >= 50 for f in frames.values())
    assert frames["2026-2027"]["month"].str.startswith(("2026", "2027")).all()
    assert all(f["synthetic"].all() for f in frames.values())
    text = " ".join(frames["2025-2026"]["text"])
    assert "[PERSOON-" in text and not re.search(r"BSN is \d", text)
    assert "verhalen gepseudonimiseerd opgeslagen" in summary
    from kit.privacy.consent import ConsentRegister

    register = ConsentRegister(vault)
    assert all(register.has_consent(p, "onderwijs") for p in set(frames["2025-2026"]["participant"]))
    from kit.privacy.scan import scan_text

    leaks = [f for t in frames["2026-2027"]["text"] for f in scan_text(t, use_deduce=False)]
    assert leaks == []
    # run again: nothing is added twice, and the progress lines say so
    capsys.readouterr()
    again = demo_stage(ctx)
    assert len(load_narratives(folders["2025-2026"])) == len(frames["2025-2026"])
    log = capsys.readouterr().out
    assert "al gepseudonimiseerd" in log and "niets nieuw" in log, log
    assert "0 ruwe verhalen" not in log and not again.startswith("0 ")
