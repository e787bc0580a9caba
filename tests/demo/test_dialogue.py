"""The demo stage builds a map, plan, record and handreiking per cohort from the earlier stages."""

from __future__ import annotations

import pandas as pd

from kit.demo import DemoContext
from kit.demo.dialogue import demo_stage


def test_demo_stage_uses_narratives_codings_and_consent(tmp_path, work, vault, capsys):
    ctx = DemoContext(out=tmp_path / "demo", vault=vault.path, cohorts=["2025-2026", "2026-2027"])
    ctx.results["narratives"] = {"2025-2026": work, "2026-2027": work}
    ctx.results["codings"] = {"2025-2026": work / "coderingen.csv"}
    summary = demo_stage(ctx)
    assert "2 dialoogtafels" in summary
    folders = ctx.results["dialogue"]
    assert set(folders) == {"2025-2026", "2026-2027"}
    for folder in folders.values():
        for name in ["stakeholders.csv", "relaties.csv", "deelnameplan.yaml", "sessieplan.yaml",
                     "draaiboek.html", "verslag.yaml", "afspraken.csv", "aanbevelingen.csv"]:
            assert (folder / name).is_file(), name
    html = ctx.results["handreiking"].read_text(encoding="utf-8")
    assert "mijn collega" not in html.lower()  # P02 gave no consent for publication
    assert "Bij de bank zeiden ze dat mijn rekening werd opgezegd." in html  # P01 did
    plan = (folders["2025-2026"] / "sessieplan.yaml").read_text(encoding="utf-8")
    assert "uitsluiting bij de bank" in plan and "analyse: 2 narratieven" in plan
    recs = pd.read_csv(folders["2026-2027"] / "aanbevelingen.csv", dtype=str)
    assert recs["audience"].unique().tolist() == ["beleidsmedewerkers van de gemeente"]
    # a rerun in the same folder says it made the dialogue tables again
    assert "opnieuw" not in capsys.readouterr().out
    demo_stage(ctx)
    log = capsys.readouterr().out
    assert log.count("(opnieuw gemaakt: de dialoogtafel van een eerdere run is vervangen)") == 2
