"""Demo stage ``narratieven``: a synthetic corpus per cohort, through the real saving pipeline.

For each cohort the stage generates raw synthetic narratives (with invented names,
phone numbers and addresses), ties them to participants with consent in the demo
vault, and saves them with :class:`~kit.narratives.store.NarrativeStore`: consent
check, pseudonymisation, scan, validation, atomic write. Records the scan still
flags are held back and counted, as a student would have to fix them by hand.
Later stages get ``ctx.results["narratives"] = {cohort: work folder}``.

>>> demo_size(quick=True), demo_size(quick=False)
(60, 200)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["demo_size", "consented_participants", "demo_stage"]


def demo_size(quick: bool) -> int:
    """Narratives per cohort in the demo.

    >>> demo_size(True) < demo_size(False)
    True
    """
    return 60 if quick else 200


def consented_participants(ctx, needed: int) -> list[str]:
    """Participant codes with consent for education in the demo vault.

    Uses the codes the privacy stage registered (``ctx.results["participants"]``); when that
    stage did not run, registers synthetic participants ``DN01``... itself.

    Args:
        ctx: the demo context.
        needed: how many codes to register when none are there.

    Returns:
        The codes.
    """
    from kit.privacy.consent import ConsentRegister

    register = ConsentRegister(ctx.vault)
    codes = [c for c in ctx.results.get("participants", []) if register.has_consent(c, "onderwijs")]
    if codes:
        return codes
    for i in range(1, needed + 1):
        code = f"DN{i:02d}"
        if register.get(code) is None:
            digest = hashlib.sha256(f"synthetisch formulier {code}".encode()).hexdigest()
            register.add(code, "synthetisch-v1", "2025-09-01", digest, ["onderwijs"], "2030-09-01")
        codes.append(code)
    return codes


def demo_stage(ctx) -> str:
    """Build one work folder per cohort; put ``narratives`` in ``ctx.results``; return a summary."""
    from kit.narratives.store import NarrativeStore
    from kit.privacy.vault import open_vault
    from kit.synthetic.narratives import generate_corpus

    vault = open_vault(ctx.vault)
    codes = consented_participants(ctx, 24)
    folders: dict[str, Path] = {}
    saved = held = kept = 0
    for number, cohort in enumerate(ctx.cohorts):
        raw = generate_corpus(demo_size(ctx.quick), seed=ctx.seed + number, cohorts=[cohort], raw=True)
        mapping = {p: codes[k % len(codes)] for k, p in enumerate(dict.fromkeys(raw["participant"]))}
        raw["participant"] = raw["participant"].map(mapping)
        folder = Path(ctx.out) / "narratieven" / cohort
        store = NarrativeStore(folder, vault=vault)
        existing = set(store.ids)
        records = [r for r in raw.to_dict("records") if r["id"] not in existing]
        already = len(raw) - len(records)
        kept += already
        if records:
            ctx.log(f"{cohort}: {len(records)} nieuwe ruwe verhalen -> toestemming, "
                    f"pseudonimiseren, scan" + (f" ({already} waren er al)" if already else ""))
        else:
            ctx.log(f"{cohort}: al gepseudonimiseerd: {already} verhalen, niets nieuw")
        report = store.add_many(records, skip_refused=True) if records else None
        if report is None:
            folders[cohort] = folder
            continue
        saved += len(report.saved)
        held += len(report.refused)
        folders[cohort] = folder
    ctx.results["narratives"] = folders
    done = (f"{saved} verhalen gepseudonimiseerd opgeslagen" if saved or not kept
            else "niets nieuw te pseudonimiseren")
    return (f"{done} in {len(folders)} werkmappen"
            + (f"; {kept} stonden er al van een eerdere run" if kept else "")
            + (f"; {held} tegengehouden door de controle" if held else ""))
