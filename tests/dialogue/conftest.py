"""Fixtures for the dialogue tests: a small synthetic work folder and a consent register."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

NARRATIVES = [
    # id, participant, community, text (synthetisch)
    ("n1", "P01", "sekswerkers", "Bij de bank zeiden ze dat mijn rekening werd opgezegd. Ik werk "
                                 "gewoon, ik betaal belasting."),
    ("n2", "P02", "sekswerkers", "Mijn collega's en ik lachen veel, dat houdt ons overeind. Maar "
                                 "een huis huren lukt niet."),
    ("n3", "P03", "arbeidsmigranten", "Ik verloor mijn werk en mijn kamer op dezelfde dag."),
    ("n4", "P01", "sekswerkers", "Bel me gerust op 06-12345678 als er een kamer vrij is."),
]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A work folder (``mijn-werk``) with narratives and codings of our own."""
    folder = tmp_path / "mijn-werk"
    folder.mkdir()
    lines = ["id,participant,community,text,synthetic"]
    for nid, participant, community, text in NARRATIVES:
        lines.append(f'{nid},{participant},{community},"{text}",true')
    (folder / "narratieven.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "coderingen.csv").write_text(
        "document,start,end,code,coder,memo\n"
        "n1,0,40,uitsluiting bij de bank,A,\nn2,0,30,humor,A,\nn1,41,60,werk,A,\n"
        "n3,0,20,wonen via werk,A,\nn2,31,60,uitsluiting bij de bank,A,\n", encoding="utf-8")
    return folder


@pytest.fixture
def vault(tmp_path: Path):
    """A fresh vault whose register has P01 (publicatie), P02 (onderwijs only), P03 (publicatie)."""
    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import open_vault

    v = open_vault(tmp_path / "kluis")
    register = ConsentRegister(v)
    digest = hashlib.sha256(b"synthetisch formulier").hexdigest()
    register.add("P01", "v1", "2025-10-01", digest, ["onderwijs", "publicatie"], "2030-01-01")
    register.add("P02", "v1", "2025-10-01", digest, ["onderwijs"], "2030-01-01")
    register.add("P03", "v1", "2025-10-01", digest, ["onderwijs", "publicatie"], "2030-01-01")
    return v
