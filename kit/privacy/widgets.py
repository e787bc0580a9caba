"""Notebook widgets for the privacy module: try pseudonymising and scanning a text.

The logic is :func:`check_text` (pure); :func:`pseudonymise_box` is a thin ipywidgets
layer over it.

>>> import tempfile, pathlib
>>> from kit.privacy.pseudonymise import Pseudonymiser
>>> p = Pseudonymiser(pathlib.Path(tempfile.mkdtemp()) / "k", use_deduce=False)
>>> result = check_text("Bel me op 0612345678", p)
>>> result["findings_after"], sorted(result["counts"])
([], ['TELEFOON'])
"""

from __future__ import annotations

import html

__all__ = ["check_text", "pseudonymise_box", "highlight_labels"]


def check_text(text: str, pseudonymiser) -> dict:
    """Pseudonymise ``text`` and scan the result.

    Args:
        text: the text.
        pseudonymiser: a :class:`~kit.privacy.pseudonymise.Pseudonymiser`.

    Returns:
        ``{"text": pseudonymised text, "counts": {category: n},
        "findings_after": [Dutch lines for what the scan still finds]}``.
    """
    from kit.privacy.scan import scan_text

    result = pseudonymiser.pseudonymise(text)
    after = scan_text(result.text, use_deduce=pseudonymiser.use_deduce,
                      allow_list=pseudonymiser.allow_list)
    return {"text": result.text, "counts": result.counts,
            "findings_after": [f"{f.place}: {f.category} {f.masked}" for f in after]}


def highlight_labels(text: str) -> str:
    """HTML of ``text`` with the labels highlighted.

    >>> highlight_labels("Hoi [PERSOON-3f2a]!")
    "Hoi <mark style='background:#ffe08a'>[PERSOON-3f2a]</mark>!"
    """
    from kit.privacy.pseudonymise import LABEL_PATTERN

    escaped = html.escape(text, quote=False)
    return LABEL_PATTERN.sub(lambda m: f"<mark style='background:#ffe08a'>{m.group()}</mark>",
                             escaped)


def pseudonymise_box(pseudonymiser, example: str = ""):
    """A text box: type or paste a (synthetic!) note, click, and see labels and scan result.

    Args:
        pseudonymiser: the pseudonymiser to use.
        example: text to start with.

    Returns:
        An ipywidgets box (``box.check()`` runs it, for tests).
    """
    import ipywidgets as w

    area = w.Textarea(value=example, layout=w.Layout(width="100%", height="7em"),
                      placeholder="Plak hier een synthetische veldnotitie ...")
    button = w.Button(description="Pseudonimiseer", button_style="info")
    result = w.HTML()

    def _on_click(_=None):
        outcome = check_text(area.value, pseudonymiser)
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(outcome["counts"].items())) or "niets"
        rest = ("<p style='color:#1a7f37'>De scan vindt daarna niets meer. Lees toch zelf na.</p>"
                if not outcome["findings_after"] else
                "<p style='color:#b35900'>De scan vindt nog: "
                + "; ".join(html.escape(f) for f in outcome["findings_after"]) + "</p>")
        result.value = (f"<p>{highlight_labels(outcome['text'])}</p>"
                        f"<p><i>Vervangen:</i> {counts}</p>{rest}")

    button.on_click(_on_click)
    box = w.VBox([area, button, result])
    box.check = _on_click
    return box
