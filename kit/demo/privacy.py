"""Demo stage ``privacy``: a vault and a consent register for synthetic participants.

Registers synthetic participants (codes ``D01``, ``D02`` ...) in the demo's vault with
varied consent: everyone for education (needed to store a narrative), most for
programme evaluation, about half for publication of quotes. Some have a synthetic
name kept in the vault, so the pseudonymiser always catches it. One extra
participant withdraws, to show that the register records it. Later stages get
``participants`` (the codes with active consent) and ``consent_vault``.

>>> import random
>>> plan = consent_plan(6, random.Random(1))
>>> all("onderwijs" in purposes for _code, purposes in plan)
True
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

__all__ = ["demo_stage", "consent_plan"]

FORM_VERSION = "iids-toestemming-2025-v2"


def consent_plan(n: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """Codes and purposes for ``n`` synthetic participants (education always included).

    Args:
        n: number of participants.
        rng: random generator (seeded by the demo).

    Returns:
        ``[(code, purposes), ...]``; at least one without publication consent.
    """
    plan = []
    for i in range(1, n + 1):
        purposes = ["onderwijs"]
        if rng.random() < 0.75:
            purposes.append("programma-evaluatie")
        if rng.random() < 0.5 or i == 1:
            purposes.append("publicatie")
        if i == 2 and "publicatie" in purposes:
            purposes.remove("publicatie")
        plan.append((f"D{i:02d}", purposes))
    return plan


def _signed_copy(vault, code: str, purposes: list[str], signed: date) -> str:
    text = (f"Toestemmingsformulier {FORM_VERSION} (synthetisch voorbeeld)\n"
            f"Deelnemer: {code}\nDatum: {signed.isoformat()}\n"
            f"Doelen: {', '.join(purposes)}\nHandtekening: (synthetisch)\n")
    from kit.io import atomic_write_text

    folder = vault.folder("toestemmingsformulieren")
    atomic_write_text(folder / f"{code}.txt", text, permissions=0o600)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def demo_stage(ctx) -> str:
    """Fill the demo vault's consent register; put ``participants`` and ``consent_vault`` in
    ``ctx.results``; return a Dutch summary."""
    from faker import Faker

    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import open_vault

    rng = random.Random(ctx.seed)
    vault = open_vault(ctx.vault)
    register = ConsentRegister(vault)
    n = 12 if ctx.quick else 30
    fakers = [Faker(locale) for locale in ("nl_NL", "pl_PL", "ro_RO", "bg_BG")]
    for i, faker in enumerate(fakers):
        faker.seed_instance(ctx.seed + i)
    start = date(2025, 9, 8)
    codes = []
    plan = consent_plan(n, rng)
    earlier = sum(1 for code, _ in plan if register.get(code) is not None)
    for index, (code, purposes) in enumerate(plan):
        existing = register.get(code)
        if existing is not None and existing.withdrawn_on is not None:
            continue
        signed = start + timedelta(days=rng.randrange(0, 60))
        name = fakers[index % len(fakers)].name() if index % 3 == 0 else None
        register.add(code, FORM_VERSION, signed, _signed_copy(vault, code, purposes, signed),
                     purposes, signed + timedelta(days=2 * 365), name=name, replace=True)
        codes.append(code)
    leaver = f"D{n + 1:02d}"
    withdrawal = "1 intrekking vastgelegd"
    if register.get(leaver) is not None:
        withdrawal = "1 intrekking (al vastgelegd in een eerdere run)"
    else:
        register.add(leaver, FORM_VERSION, start, _signed_copy(vault, leaver, ["onderwijs"], start),
                     ["onderwijs", "programma-evaluatie"], start + timedelta(days=730))
        register.withdraw(leaver, start + timedelta(days=30))
    ctx.results["participants"] = codes
    ctx.results["consent_vault"] = vault.path
    frame = register.list()
    active = frame[frame["withdrawn_on"] == ""]
    ctx.log(f"kluis: {vault.path}")
    if earlier:
        ctx.log(f"register van een eerdere run gevonden: de toestemming van {earlier} "
                f"deelnemers is opnieuw vastgelegd (vervangen)")
    return (f"{len(codes)} synthetische deelnemers met toestemming voor onderwijs, "
            f"{int(active['programma-evaluatie'].sum())} voor programma-evaluatie, "
            f"{int(active['publicatie'].sum())} voor publicatie; {withdrawal}")
