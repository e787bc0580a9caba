"""The story form on a phone: link check, consent step by step, the story, preview, save.

A thin ipywidgets layer over :mod:`kit.apps.links` and :mod:`kit.apps.story`; the
notebook ``apps/verhaal-vertellen.ipynb`` only calls :func:`open_form`. One screen at a
time (``box.children`` is the current screen); every screen has a stable CSS class:

=======================  ==========================================================
class                    screen or part
=======================  ==========================================================
``iids-geweigerd``       the link was refused (nothing else is shown)
``iids-welkom``          welcome; ``iids-begin`` its button
``iids-toestemming-stap`` one consent question; ``iids-ja`` / ``iids-nee``
``iids-gestopt``         no consent for education: nothing stored
``iids-verhaal``         the story: ``iids-vraag`` prompt buttons, ``iids-tekst``, ``iids-titel``
``iids-naar-voorbeeld``  to the preview; ``iids-voorbeeld`` the preview screen
``iids-bewaar``          save; ``iids-terug`` back to the story; ``iids-melding`` messages
``iids-bedankt``         saved
=======================  ==========================================================

>>> import tempfile, pathlib, time
>>> from kit.apps.links import make_token, new_session, vault_key
>>> from kit.privacy.vault import open_vault
>>> base = pathlib.Path(tempfile.mkdtemp())
>>> v = open_vault(base / "kluis")
>>> form = StoryForm(base / "mijn-werk", v, "", now=time.time())
>>> form.screen
'geweigerd'
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from kit.apps.touch import Choices, Scale, StoneField, button, phone_triad
from kit.render import render_macro

__all__ = ["StoryForm", "open_form"]


def _part(macro: str, *args) -> str:
    """One part of a screen, from ``verhaalformulier.html.j2`` (every text escaped)."""
    return render_macro("verhaalformulier.html.j2", macro, *args)


class StoryForm:
    """The form for one session link.

    Args:
        folder: the collecting student's work folder (``mijn-werk``).
        vault: the student's vault (key, consent register, pseudonym key).
        token: the ``sessie`` token from the link.
        now: the current time (seconds since 1970) for the expiry check.
        use_deduce: pseudonymise with deduce (the default, as the entry form).
    """

    def __init__(self, folder, vault, token: str, *, now: float, use_deduce: bool = True) -> None:
        import ipywidgets as w

        from kit.apps.links import LinkRefused, read_token, vault_key
        from kit.privacy.vault import as_vault

        self.folder = folder
        self.vault = as_vault(vault)
        self.use_deduce = use_deduce
        self.box = w.VBox()
        self.box.add_class("iids-app")
        self.message = w.HTML()
        self.message.add_class("iids-melding")
        self.consent: dict[str, bool] = {}
        self.participant: str | None = None
        self.prepared: dict[str, str] | None = None
        self.saved_seconds: float | None = None
        self._store = None
        try:
            self.session = read_token(token, vault_key(self.vault), now=now)
        except LinkRefused as exc:
            self.session = None
            self.refusal = _part("geweigerd", exc.message)
            self._show("geweigerd", [w.HTML(self.refusal)])
            return
        self._welcome()

    def _repr_mimebundle_(self, **kwargs):
        """What the notebook (Voila) shows: the form's widgets, or after a refused link a
        plain page (readable before any widget loads, and no kernel is needed to show it)."""
        if self.session is None:
            return {"text/html": _part("geweigerde_pagina", self.refusal),
                    "text/plain": "Deze link werkt niet."}
        return self.box._repr_mimebundle_(**kwargs)

    # -- screens ----------------------------------------------------------------------------
    def _show(self, name: str, children: list) -> None:
        import ipywidgets as w

        self.screen = name
        page = w.VBox(children)
        page.add_class(f"iids-{name}")
        self.box.children = [page]

    def _welcome(self) -> None:
        import threading

        import ipywidgets as w

        if self.use_deduce:  # deduce loads in seconds: while the teller reads, not at the preview
            from kit.privacy.gate import require_engine

            threading.Thread(target=require_engine, daemon=True).start()
        start = button("Ik begin", wide=True)
        start.add_class("iids-begin")
        start.on_click(lambda _b: self.ask(0))
        self._show("welkom", [w.HTML(_part("welkom")), start])

    @property
    def questions(self):
        from kit.apps.story import CONSENT_QUESTIONS

        return CONSENT_QUESTIONS

    def ask(self, index: int) -> None:
        """Show consent question ``index``; after the last one go on (or stop)."""
        import ipywidgets as w

        if index >= len(self.questions):
            self._after_consent()
            return
        q = self.questions[index]
        yes, no = button("Ja", wide=True), button("Nee", wide=True)
        yes.add_class("iids-ja")
        no.add_class("iids-nee")
        yes.on_click(lambda _b: self.answer(q.purpose, True, index))
        no.on_click(lambda _b: self.answer(q.purpose, False, index))
        self._show("toestemming-stap", [w.HTML(_part("toestemmingsvraag", index + 1,
                                                      len(self.questions), q.question,
                                                      q.explanation)), yes, no])

    def answer(self, purpose: str, yes: bool, index: int) -> None:
        """Record one consent answer and ask the next question."""
        self.consent[purpose] = yes
        self.ask(index + 1)

    def _after_consent(self) -> None:
        import ipywidgets as w

        from kit.apps.story import register_consent
        from kit.errors import ConsentError

        try:
            self.participant = register_consent(self.vault, self.session, self.consent,
                                                today=date.today())
        except ConsentError:
            self._show("gestopt", [w.HTML(_part("gestopt"))])
            return
        self._story()

    @property
    def store(self):
        """The student's narrative store (opened on first use)."""
        if self._store is None:
            from kit.narratives.store import NarrativeStore

            self._store = NarrativeStore(self.folder, vault=self.vault, use_deduce=self.use_deduce)
        return self._store

    def _story(self) -> None:
        import ipywidgets as w

        fw = self.store.framework
        self.prompt = fw.prompts[0]
        self.prompt_buttons = {}
        for p in fw.prompts:
            b = button(p.text, wide=True)
            b.add_class("iids-vraag")
            b.on_click(lambda _b, p=p: self.choose_prompt(p.id))
            self.prompt_buttons[p.id] = b
        self.title = w.Text(description="Titel", placeholder="een paar woorden (mag leeg)",
                            style={"description_width": "initial"})
        self.title.add_class("iids-titel")
        self.text = w.Textarea(description="Je verhaal",
                               placeholder="Vertel het zoals je het aan een vriend zou vertellen.",
                               style={"description_width": "initial"},
                               layout=w.Layout(height="180px"))
        self.text.add_class("iids-tekst")
        self.community = w.Text(value=self.session.community, description="Jouw groep",
                                placeholder="bijvoorbeeld: buurtbewoners",
                                style={"description_width": "initial"})
        self.inputs: dict[str, Any] = {}
        for s in fw.signifiers:
            if s.kind == "triade":
                self.inputs[s.id] = phone_triad(s)
            elif s.kind == "dyade":
                self.inputs[s.id] = Scale(s.id, s.left, s.right, s.question)
            elif s.kind == "stenen":
                self.inputs[s.id] = StoneField(s)
            else:
                self.inputs[s.id] = Choices(s.id, s.options, multiple=s.multiple,
                                            question=s.question)
        on = button("Verder: bekijk wat we bewaren", wide=True)
        on.add_class("iids-naar-voorbeeld")
        on.on_click(lambda _b: self.show_preview())
        self._show("verhaal", [w.HTML(_part("verhaal_kop")),
                               *self.prompt_buttons.values(), self.title, self.text,
                               *([] if self.session.community else [self.community]),
                               w.HTML(_part("betekenis_kop")),
                               *[i.box for i in self.inputs.values()], self.message, on])
        self.choose_prompt(self.prompt.id)

    def choose_prompt(self, prompt_id: str) -> None:
        """Answer another prompt: only its questions are shown."""
        self.prompt = next(p for p in self.store.framework.prompts if p.id == prompt_id)
        for pid, b in self.prompt_buttons.items():
            (b.add_class if pid == prompt_id else b.remove_class)("iids-gekozen")
        for sid, widget in self.inputs.items():
            widget.box.layout.display = None if sid in self.prompt.signifiers else "none"

    def answers(self) -> dict[str, Any]:
        """What the teller entered, in the natural shape of the narratives schema."""
        found: dict[str, Any] = {"title": self.title.value, "text": self.text.value,
                                 "community": self.community.value}
        for sid, widget in self.inputs.items():
            if sid in self.prompt.signifiers:
                found.update(widget.answer())
        return found

    def show_preview(self) -> bool:
        """Pseudonymise and check the story; show exactly what will be stored."""
        import ipywidgets as w

        from kit.apps.story import build_record, preview_lines
        from kit.errors import InputError

        try:
            record = build_record(self.session, self.participant, self.answers(),
                                  prompt=self.prompt, today=date.today())
            self.prepared = self.store.prepare(record)
        except InputError as exc:
            self.prepared = None
            self.message.value = _part("fout", "Nog niet goed", exc.message)
            return False
        self.message.value = ""
        lines = list(preview_lines(self.prepared, self.store.framework))
        save, back = button("Bewaar mijn verhaal", wide=True), button("Terug, ik pas iets aan",
                                                                     wide=True)
        save.add_class("iids-bewaar")
        back.add_class("iids-terug")
        save.on_click(lambda _b: self.save())
        back.on_click(lambda _b: self._back())
        self._show("voorbeeld", [w.HTML(_part("voorbeeld", lines)), self.message, save, back])
        return True

    def _back(self) -> None:
        import ipywidgets as w

        on = button("Verder: bekijk wat we bewaren", wide=True)
        on.add_class("iids-naar-voorbeeld")
        on.on_click(lambda _b: self.show_preview())
        self._show("verhaal", [w.HTML(_part("verhaal_kop")),
                               *self.prompt_buttons.values(), self.title, self.text,
                               *([] if self.session.community else [self.community]),
                               w.HTML(_part("betekenis_kop")),
                               *[i.box for i in self.inputs.values()], self.message, on])

    def save(self) -> str | None:
        """Store the previewed story in the student's work folder; show thanks."""
        import ipywidgets as w

        from kit.errors import InputError

        if self.prepared is None:
            return None
        start = time.perf_counter()
        try:
            nid = self.store.add(self.prepared)
        except InputError as exc:
            self.message.value = _part("fout", "Niet bewaard", exc.message)
            return None
        self.saved_seconds = time.perf_counter() - start
        self.prepared = None
        self._show("bedankt", [w.HTML(_part("bedankt"))])
        return nid


def open_form(folder=None, vault=None, query: str | None = None):
    """The form as the notebook shows it: link from ``QUERY_STRING``, folder from the server.

    Args:
        folder: the work folder (default: the student's workspace, :func:`kit.workspace.workspace`).
        vault: the vault (default: the user's vault, ``IIDS_VAULT``).
        query: the query string (default: Voila's ``QUERY_STRING``).
    """
    import os

    from kit.apps.links import token_from_query
    from kit.workspace import workspace

    folder = folder or workspace()
    query = os.environ.get("QUERY_STRING", "") if query is None else query
    return StoryForm(folder, vault, token_from_query(query), now=time.time())
