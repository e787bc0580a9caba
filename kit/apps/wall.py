"""The story wall's content: patterns, quotes, stakeholders and agreements, safe to project.

The wall (``apps/verhalenwand.ipynb``, :mod:`kit.apps.wall_widgets`) is a read-only view for
the parties at the dialogue table, so it is a publishing seam:

- every count goes through the kit's disclosure control
  (:func:`kit.privacy.disclosure.suppress_small_cells`, threshold ``k``); a selection with
  fewer than ``k`` stories shows no picture and no number;
- quotes come only from tellers who consented to publication (the consent register in the
  vault) and from pseudonymised stories, and each one passes the privacy gate
  (:func:`kit.privacy.gate.check_text`); so does each agreement;
- no internal ids (story, participant, statement or agreement codes) are shown.

The same content makes the printable handout (:func:`handout_html`).

>>> shares_label(0.25)
'25%'
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["K", "WallData", "load_wall", "count_table", "quotes",
           "agreements", "record_fingerprint", "safe_texts", "handout_html", "shares_label",
           "figure_png", "enough"]

#: The threshold: no count and no picture of fewer stories than this.
K = 10
_RECORD = Path("dialoog") / "verslag.yaml"
_STAKEHOLDERS = Path("dialoog") / "stakeholders.csv"


def shares_label(value: float) -> str:
    """A share as a Dutch percentage."""
    return f"{round(value * 100)}%"


@dataclass
class WallData:
    """What the wall shows, read from one work folder and its vault.

    Attributes:
        folder: the work folder (``mijn-werk``).
        frame: the narratives (``None`` when there are none).
        framework: their framework.
        refusal: ``participant -> reason`` why a quote may not be shown (``None``: it may).
        parties: the stakeholder map (empty when there is none).
        synthetic: every story is synthetic (the demo).
    """

    folder: Path
    frame: Any = None
    framework: Any = None
    refusal: Callable[[str], str | None] = lambda _p: "geen toestemmingsregister"
    parties: list = field(default_factory=list)
    synthetic: bool = False

    @property
    def record_path(self) -> Path:
        """The dialogue record (``dialoog/verslag.yaml``)."""
        return self.folder / _RECORD


def load_wall(folder, vault=None) -> WallData:
    """Read a work folder for the wall (narratives, consent, stakeholder map).

    Raises:
        InputError: when a file is there but wrong (naming the file and place).
    """
    from kit.dialogue.stakeholders import load_stakeholders
    from kit.narratives.store import load_narratives, resolve_store_paths
    from kit.privacy.consent import ConsentRegister

    folder = Path(folder)
    data = WallData(folder)
    csv, _kader = resolve_store_paths(folder)
    if csv.is_file():
        data.frame = load_narratives(folder)
        from kit.narratives.framework import load_framework

        data.framework = load_framework(folder / "kader.yaml")
        data.synthetic = bool(len(data.frame)) and bool(data.frame["synthetic"].all())
    register = ConsentRegister(vault)
    data.refusal = lambda p: register.refusal_reason(p, "publicatie")
    if (folder / _STAKEHOLDERS).is_file():
        data.parties = load_stakeholders(folder / _STAKEHOLDERS)
    return data


def enough(n: int, k: int = K) -> bool:
    """Whether ``n`` stories may be shown (a picture or a count).

    >>> enough(9), enough(10)
    (False, True)
    """
    return n >= k


def count_table(frame, by: str, *, k: int = K, label: str = "verhalen"):
    """Stories per group as Dutch strings with a total row; every shown count is ``k`` or more.

    Groups under ``k`` are merged into "overige groepen"
    (:func:`kit.privacy.disclosure.collapse_categories`); when that group is still under
    ``k``, the smallest other group joins it. Fewer than ``k`` stories in all: only ``<10``.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"community": ["a"] * 30 + ["b"] * 12 + ["c"] * 3})
    >>> count_table(f, "community")["verhalen"].to_dict()
    {'a': '30', 'overige groepen': '15', 'totaal': '45'}
    >>> count_table(f.head(5), "community")["verhalen"].to_dict()
    {'totaal': '<10'}
    """
    import pandas as pd

    from kit.privacy.disclosure import collapse_categories

    other = "overige groepen"
    counts = frame[by].astype("string").fillna("onbekend").value_counts().sort_index()
    total = int(counts.sum())
    if not enough(total, k):
        return pd.DataFrame({label: [f"<{k}"]}, index=["totaal"])
    table = collapse_categories(pd.DataFrame({label: counts.astype(int)}), k=k, other=other)
    if other in table.index and table.at[other, label] < k:
        rest = table.drop(index=other)[label]
        table = collapse_categories(table, {other: other, rest.idxmin(): other}, k=k)
    shown = table[label].astype(int).astype(str).to_frame()
    shown.loc["totaal"] = [str(total)]
    return shown


def record_fingerprint(path) -> str:
    """A fingerprint of the record's content ("" when there is none): changes when it changes.

    >>> record_fingerprint("/bestaat/niet.yaml")
    ''
    """
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def safe_texts(texts: list[str]) -> tuple[list[str], int]:
    """The texts the privacy gate lets through, and how many it held back.

    Runs the gate with deduce (:func:`kit.privacy.gate.check_text`); a missing part stops
    with a Dutch message, never a weaker check.
    """
    from kit.privacy.gate import check_text

    kept = [t for t in texts if not check_text(t)]
    return kept, len(texts) - len(kept)


_IDS = re.compile(r"\[[A-Z]+-[0-9a-f]{4,64}\]")


def quotes(data: WallData, frame=None, *, limit: int = 3) -> tuple[list[dict], int]:
    """Up to ``limit`` quotes for "verhalen zoals deze": consented, pseudonymised, gated.

    A story is quoted only when its teller consented to publication, it holds no label of a
    removed name (a quote shows a person's place in a story only without one), and the gate
    finds nothing in it. Returns the quotes (``tekst``, ``groep``, ``maand``) and how many
    candidates were held back by the gate.
    """
    from kit.dialogue.handreiking import publishable_narratives

    frame = data.frame if frame is None else frame
    if frame is None or not len(frame):
        return [], 0
    allowed = set(publishable_narratives(frame, data.refusal)["id"])
    pool = frame[frame["id"].astype(str).isin(allowed)]
    pool = pool[~pool["text"].astype(str).str.contains(_IDS)]
    if not len(pool):
        return [], 0
    pool = pool.sample(min(len(pool), limit * 2), random_state=7)
    kept, held = safe_texts([str(t) for t in pool["text"]])
    out = []
    for _, row in pool.iterrows():
        if str(row["text"]) in kept and len(out) < limit:
            out.append({"tekst": str(row["text"]), "groep": str(row["community"]),
                        "maand": str(row["month"])})
    return out, held


def agreements(path) -> tuple[list[dict], int]:
    """The agreements of the record at ``path`` without ids, each through the gate.

    Returns ``[{"afspraak", "wie", "wanneer", "stelling"}]`` and how many were held back.
    """
    from kit.dialogue.record import load_record

    if not Path(path).is_file():
        return [], 0
    record = load_record(path)
    statements = {s.id: s.text for s in record.statements}
    rows = [{"afspraak": a.text, "wie": a.owner, "wanneer": a.due,
             "stelling": statements.get(a.statement, "")} for a in record.agreements]
    kept, held = safe_texts([" ".join(r.values()) for r in rows])
    return [r for r in rows if " ".join(r.values()) in kept], held


def figure_png(ax) -> bytes:
    """A matplotlib figure as PNG bytes (the figure is closed)."""
    import io

    import matplotlib.pyplot as plt

    from kit.plotstyle import dutch_axes

    buffer = io.BytesIO()
    dutch_axes(ax).figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(ax.figure)
    return buffer.getvalue()


def handout_html(title: str, sections: list[tuple[str, str]], *, note: str = "") -> str:
    """A printable page of the wall (``verhalenwand.html.j2``, through :mod:`kit.render`):
    ``sections`` are ``(heading, HTML body)`` pairs made by the wall's parts
    (``verhalenwand-delen.html.j2``); the title and the note are text and are escaped.

    >>> page = handout_html("Verhalenwand <script>", [("Afspraken", "<p>x</p>")])
    >>> "<h2>Afspraken</h2><p>x</p>" in page and "@media print" in page
    True
    >>> "<title>Verhalenwand &lt;script&gt;</title>" in page and "<script>" not in page
    True
    """
    from kit.render import render_template

    return render_template("verhalenwand.html.j2", {"title": title, "note": note,
                                                    "sections": list(sections)})


def demo_folder() -> str | None:
    """The demo folder the server was started with (``IIDS_WAND_DEMO``), if any."""
    return os.environ.get("IIDS_WAND_DEMO") or None
