"""The privacy demo stage (kit.demo.privacy): consent for synthetic participants, one withdrawal."""

from __future__ import annotations

from kit.demo import DemoContext
from kit.demo.privacy import demo_stage
from kit.privacy.consent import ConsentRegister


def test_demo_stage(tmp_path, capsys):
    vault = tmp_path / "kluis"
    vault.mkdir(mode=0o700)
    ctx = DemoContext(out=tmp_path, vault=vault, quick=True)
    summary = demo_stage(ctx)
    codes = ctx.results["participants"]
    assert len(codes) == 12 and ctx.results["consent_vault"] == vault
    reg = ConsentRegister(vault)
    assert all(reg.has_consent(c, "onderwijs") for c in codes)
    assert any(not reg.has_consent(c, "publicatie") for c in codes)
    assert any(reg.has_consent(c, "publicatie") for c in codes)
    assert sum(1 for r in reg.records() if r.withdrawn_on) == 1
    assert "intrekking vastgelegd" in summary
    assert "eerdere run" not in capsys.readouterr().out + summary
    again = demo_stage(ctx)  # running twice in the same folder works, and says what it found
    assert ctx.results["participants"] == codes
    assert "register van een eerdere run gevonden: de toestemming van 12 deelnemers is " \
        "opnieuw vastgelegd" in capsys.readouterr().out
    assert "1 intrekking (al vastgelegd in een eerdere run)" in again
    assert sum(1 for r in reg.records() if r.withdrawn_on) == 1
