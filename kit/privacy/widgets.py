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

__all__ = ["check_text", "pseudonymise_box", "highlight_labels", "consent_form"]


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


def consent_form(vault=None):
    """A form to register a real participant's consent in the vault (no command line).

    The student types the participant's code (never a name), the form version and the
    dates, ticks the purposes the participant agreed to, and uploads the signed copy (a
    scan or photo). Only the copy's SHA-256 goes into the register; the copy itself is not
    kept by the kit. 'Registreer toestemming' writes to the vault's consent register
    (:class:`kit.privacy.consent.ConsentRegister`); a mistake is one Dutch line.

    Args:
        vault: the vault folder (default: the user's vault, ``kit.config.vault_dir()``).

    Returns:
        An ipywidgets VBox (CSS class ``iids-toestemmingsformulier``); ``box.controls``,
        ``box.actions`` (``register``) and ``box.register`` (the register).

    >>> import tempfile, datetime
    >>> box = consent_form(tempfile.mkdtemp())
    >>> c = box.controls
    >>> c["participant"].value, c["version"].value = "P07", "v2"
    >>> c["signed_on"].value = datetime.date(2026, 10, 5)
    >>> c["until"].value = datetime.date(2027, 9, 1)
    >>> c["onderwijs"].value = True
    >>> box.actions["register"]()
    >>> "ondertekende exemplaar" in c["message"].value
    True
    >>> box.set_copy(b"scan van het formulier")
    >>> box.actions["register"]()
    >>> "geregistreerd voor P07" in c["message"].value, box.register.list()["participant"].tolist()
    (True, ['P07'])
    """
    import hashlib

    import ipywidgets as w

    from kit.config import vault_dir
    from kit.errors import InputError
    from kit.privacy.consent import PURPOSE_TEXT, PURPOSES, ConsentRegister
    from kit.privacy.vault import open_vault

    register = ConsentRegister(open_vault(vault if vault is not None else vault_dir()))
    wide = w.Layout(width="auto")
    c = {
        "participant": w.Text(description="Deelnemer", placeholder="code, bijv. P07 (nooit een naam)"),
        "version": w.Text(description="Formulier", placeholder="versie, bijv. v2"),
        "signed_on": w.DatePicker(description="Getekend op"),
        "until": w.DatePicker(description="Bewaren tot"),
        **{p: w.Checkbox(description=PURPOSE_TEXT[p], indent=False, layout=wide) for p in PURPOSES},
        "copy": w.FileUpload(description="Ondertekend exemplaar", accept=".pdf,.jpg,.jpeg,.png",
                             multiple=False, layout=wide),
        "register": w.Button(description="Registreer toestemming", button_style="success",
                             icon="check", layout=wide),
        "message": w.HTML(),
    }
    for key, widget in c.items():
        widget.add_class(f"iids-toestemming-{key}")
    state = {"sha256": ""}

    def say(text: str, ok: bool) -> None:
        colour = "#1a7f37" if ok else "#b3261e"
        c["message"].value = f"<p style='color:{colour}'>{html.escape(text)}</p>"

    def set_copy(content: bytes) -> None:
        state["sha256"] = hashlib.sha256(bytes(content)).hexdigest()

    def on_upload(change) -> None:
        files = change["new"] or ()
        if files:
            set_copy(files[0]["content"])

    def register_now(*_args) -> None:
        if not state["sha256"]:
            say("Kies eerst het ondertekende exemplaar (scan of foto) bij 'Ondertekend exemplaar'.",
                False)
            return
        if c["signed_on"].value is None or c["until"].value is None:
            say("Vul de datum van ondertekenen en de bewaartermijn in.", False)
            return
        try:
            record = register.add(c["participant"].value, c["version"].value, c["signed_on"].value,
                                  state["sha256"], [p for p in PURPOSES if c[p].value],
                                  c["until"].value)
        except InputError as exc:
            say(f"Niet geregistreerd: {exc.message}", False)
            return
        say(f"Toestemming geregistreerd voor {record.participant}: "
            f"{', '.join(sorted(record.purposes))}; bewaren tot {record.retention_until}.", True)
        c["participant"].value = ""

    c["copy"].observe(on_upload, names="value")
    c["register"].on_click(register_now)
    box = w.VBox([c["participant"], c["version"], c["signed_on"], c["until"],
                  w.HTML("<b>Waarvoor gaf de deelnemer toestemming?</b>"),
                  *[c[p] for p in PURPOSES], c["copy"], c["register"], c["message"]])
    box.add_class("iids-toestemmingsformulier")
    box.controls = c
    box.actions = {"register": register_now}
    box.register = register
    box.set_copy = set_copy
    return box
