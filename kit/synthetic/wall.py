"""A SYNTHETIC work folder for the story wall (``iids apps wand --demo``, ``make wand``).

Synthetic stories with a synthetic consent register and the worked example's stakeholder map
and dialogue record: everything marked synthetic, nothing about a real person.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["prepare_demo"]


def prepare_demo(base, *, n: int = 200, seed: int = 2026) -> Path:
    """A demo work folder for the wall: ``base/mijn-werk`` and ``base/kluis``.

    ``n`` synthetic stories of the demo (:func:`kit.synthetic.narratives.generate_corpus`,
    marked synthetic), their tellers in a synthetic consent register (every third one
    consented to publication), and the worked example's stakeholder map and dialogue record
    (:mod:`kit.dialogue.examples`). Made once; an existing demo is left as it is.

    Returns:
        The work folder.
    """
    import hashlib as _h

    from kit.dialogue.examples import (
        example_participation,
        example_record,
        example_relations,
        example_stakeholders,
    )
    from kit.dialogue.record import save_record
    from kit.dialogue.stakeholders import save_stakeholder_map
    from kit.narratives.framework import default_framework
    from kit.narratives.store import write_store
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import open_vault
    from kit.synthetic.narratives import generate_corpus

    base = Path(base)
    folder = base / "mijn-werk"
    vault = open_vault(base / "kluis")
    if (folder / "narratieven.csv").is_file():
        return folder
    corpus = generate_corpus(n, seed=seed)
    register = ConsentRegister(vault)
    digest = _h.sha256(b"synthetisch toestemmingsformulier (demo van de verhalenwand)").hexdigest()
    for i, code in enumerate(dict.fromkeys(corpus["participant"])):
        if register.get(code) is None:
            purposes = ["onderwijs", "publicatie"] if i % 3 == 0 else ["onderwijs"]
            register.add(code, "synthetisch-v1", "2025-09-01", digest, purposes, "2030-09-01")
    case = "sekswerkers"
    save_stakeholder_map(folder / "dialoog", example_stakeholders(case), example_relations(case),
                         example_participation(case))
    save_record(example_record(case), folder / "dialoog", pseudonymise=lambda text: text)
    write_store(corpus, folder, default_framework(), vault=vault)
    return folder
