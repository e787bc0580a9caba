"""Widgets for the dialogue table: the live record and the stakeholder map.

Thin layers over :class:`kit.dialogue.record.LiveRecord` and
:mod:`kit.dialogue.stakeholders`: every button calls one checked function and
shows its Dutch message. Stable CSS classes (``iids-record``,
``iids-record-statement``, ``iids-record-add-statement``, ...) let a browser
test find the controls; the same controls are reachable from Python through
``box.controls`` and the actions through ``box.actions``.

>>> box = record_widget(title="Oefentafel", folder="/tmp/iids-doctest-dialoog",
...                     pseudonymise=lambda t: t)
>>> box.controls["statement"].value = "Iedereen mag meepraten."
>>> box.actions["add_statement"]()
>>> box.record.record.statements[0].id
'S1'
>>> box.controls["agreement_text"].value = "Vervolgtafel"
>>> box.actions["add_agreement"]()
>>> "eigenaar" in box.controls["status"].value
True

A refusal is shown as one Dutch line instead of a traceback:

>>> _ = show_refusal(box.record.add_agreement, "Nog eens praten", owner="", due="2027-06-01")
De kit weigert: ...eigenaar...
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

# the Dutch display helpers, re-exported for notebooks
from kit.display import mapping_line, show_table
from kit.errors import InputError
from kit.refusal import show_refusal  # the shared helper, re-exported for notebooks

__all__ = ["record_widget", "stakeholder_widget", "person_name_warning", "session_plan_widget",
           "check_own_work", "content_form", "participation_widget", "handreiking_widget",
           "show_refusal", "check_folder", "RECORD_CLASSES", "show_table", "mapping_line"]

#: CSS class of each control of the record widget (for browser tests).
RECORD_CLASSES = {
    "participant_code": "iids-record-participant-code", "participant_party": "iids-record-participant-party",
    "participant_role": "iids-record-participant-role", "participant_consent": "iids-record-participant-consent",
    "participant_name": "iids-record-participant-name", "add_participant": "iids-record-add-participant",
    "statement": "iids-record-statement", "theme": "iids-record-theme",
    "add_statement": "iids-record-add-statement",
    "position_statement": "iids-record-position-statement", "position": "iids-record-position",
    "position_participant": "iids-record-position-participant",
    "position_note": "iids-record-position-note", "add_position": "iids-record-add-position",
    "vote_statement": "iids-record-vote-statement", "vote_for": "iids-record-vote-for",
    "vote_against": "iids-record-vote-against", "vote_abstain": "iids-record-vote-abstain",
    "add_vote": "iids-record-add-vote",
    "minority_statement": "iids-record-minority-statement", "minority_view": "iids-record-minority-view",
    "minority_needs": "iids-record-minority-needs", "add_minority": "iids-record-add-minority",
    "agreement_text": "iids-record-agreement-text", "agreement_owner": "iids-record-agreement-owner",
    "agreement_date": "iids-record-agreement-date", "agreement_statement": "iids-record-agreement-statement",
    "add_agreement": "iids-record-add-agreement",
    "follow_agreement": "iids-record-follow-agreement", "follow_action": "iids-record-follow-action",
    "follow_date": "iids-record-follow-date", "follow_status": "iids-record-follow-status",
    "add_follow": "iids-record-add-follow",
    "save": "iids-record-save", "status": "iids-record-status", "overview": "iids-record-overview",
}


def _overview_html(record) -> str:
    texts = {s.id: s.text for s in record.statements}
    parts = ["<div>"]
    if record.statements:
        parts.append("<b>Stellingen</b><ul>" + "".join(
            f"<li>{html.escape(s.id)}: {html.escape(s.text)}</li>" for s in record.statements) + "</ul>")
    if record.votes:
        parts.append("<b>Stemmingen</b><ul>" + "".join(
            f"<li>{html.escape(v.statement)} ({html.escape(texts.get(v.statement, '')[:50])}): "
            f"{v.votes_for} voor, {v.against} tegen, {v.abstain} onthouden</li>" for v in record.votes)
            + "</ul>")
    if record.minority:
        parts.append("<b>Minderheid</b><ul>" + "".join(
            f"<li>{html.escape(m.statement)}: {html.escape(m.view)} <i>Nodig:</i> {html.escape(m.needs)}</li>"
            for m in record.minority) + "</ul>")
    if record.agreements:
        parts.append("<b>Afspraken</b><ul>" + "".join(
            f"<li>{html.escape(a.id)}: {html.escape(a.text)} ({html.escape(a.owner)}, {a.due})</li>"
            for a in record.agreements) + "</ul>")
    if len(parts) == 1:
        parts.append("<i>Nog niets vastgelegd.</i>")
    return "".join(parts) + "</div>"


def record_widget(record: Any = None, *, title: str = "Dialoogtafel", date: str = "",
                  folder: str | os.PathLike | None = None,
                  pseudonymise: Callable[[str], str] | None = None):
    """The live record: statements, positions, vote, minority view, agreements, follow-up.

    Args:
        record: a :class:`kit.dialogue.record.LiveRecord` to continue (default: a new one).
        title: title of a new record.
        date: date of a new record.
        folder: where 'Bewaren' writes (default: ``dialoog`` in the student's workspace); the
            widget says whether that is the workspace or a practice folder, and carries the
            class ``iids-record-werkmap`` or ``iids-record-oefenmap``.
        pseudonymise: text -> pseudonymised text (default: the kit's pseudonymiser).

    Returns:
        An ipywidgets VBox with CSS class ``iids-record``; ``box.record``, ``box.controls``,
        ``box.actions`` for scripts and tests.
    """
    import ipywidgets as w

    from kit.dialogue.common import dialogue_dir
    from kit.dialogue.record import FOLLOW_UP_STATUSES, POSITIONS, LiveRecord

    live = record if record is not None else LiveRecord(title, date=date)
    target = Path(folder) if folder is not None else dialogue_dir()
    full = w.Layout(width="95%")
    c: dict[str, Any] = {
        "participant_code": w.Text(description="Code", placeholder="D1"),
        "participant_party": w.Text(description="Partij", placeholder="bijv. gemeenschap, gemeente"),
        "participant_role": w.Text(description="Rol", placeholder="bijv. buurtwerker"),
        "participant_consent": w.Checkbox(description="wil met naam genoemd worden (toestemming gegeven)",
                                          indent=False),
        "participant_name": w.Text(description="Naam", placeholder="alleen met toestemming"),
        "add_participant": w.Button(description="Deelnemer toevoegen"),
        "statement": w.Textarea(placeholder="De stelling of het voorstel, zonder namen", layout=full),
        "theme": w.Text(placeholder="thema (mag leeg)", layout=full),
        "add_statement": w.Button(description="Stelling toevoegen", button_style="primary"),
        "position_statement": w.Dropdown(description="Stelling"),
        "position": w.Dropdown(options=list(POSITIONS), description="Positie"),
        "position_participant": w.Dropdown(description="Wie"),
        "position_note": w.Text(placeholder="toelichting (mag leeg)", layout=full),
        "add_position": w.Button(description="Positie toevoegen"),
        "vote_statement": w.Dropdown(description="Stelling"),
        "vote_for": w.BoundedIntText(min=0, max=500, description="Voor"),
        "vote_against": w.BoundedIntText(min=0, max=500, description="Tegen"),
        "vote_abstain": w.BoundedIntText(min=0, max=500, description="Onthouden"),
        "add_vote": w.Button(description="Stemming vastleggen", button_style="primary"),
        "minority_statement": w.Dropdown(description="Stelling"),
        "minority_view": w.Textarea(placeholder="Wat vindt de minderheid?", layout=full),
        "minority_needs": w.Textarea(placeholder="Wat heeft de minderheid nodig om mee te gaan?",
                                     layout=full),
        "add_minority": w.Button(description="Minderheid vastleggen", button_style="primary"),
        "agreement_text": w.Text(placeholder="Wat spreken we af?", layout=full),
        "agreement_owner": w.Text(placeholder="Eigenaar: een partij of rol, geen naam", layout=full),
        "agreement_date": w.Text(placeholder="Datum, bijv. 2026-04-01"),
        "agreement_statement": w.Dropdown(description="Bij stelling"),
        "add_agreement": w.Button(description="Afspraak toevoegen", button_style="primary"),
        "follow_agreement": w.Dropdown(description="Afspraak"),
        "follow_action": w.Text(placeholder="Vervolgactie", layout=full),
        "follow_date": w.Text(placeholder="Datum (mag leeg)"),
        "follow_status": w.Dropdown(options=list(FOLLOW_UP_STATUSES), description="Status"),
        "add_follow": w.Button(description="Vervolg toevoegen"),
        "save": w.Button(description="Bewaren (gepseudonimiseerd)", button_style="success",
                         icon="save"),
        "status": w.HTML(),
        "overview": w.HTML(),
    }
    for key, widget in c.items():
        widget.add_class(RECORD_CLASSES[key])

    def refresh() -> None:
        ids = [s.id for s in live.record.statements]
        for key in ("position_statement", "vote_statement", "minority_statement"):
            c[key].options = ids
            if ids and c[key].value is None:
                c[key].value = ids[-1]
        c["agreement_statement"].options = [("(geen)", ""), *[(i, i) for i in ids]]
        c["follow_agreement"].options = [a.id for a in live.record.agreements]
        c["position_participant"].options = [("(niet genoteerd)", ""),
                                             *[(p.code, p.code) for p in live.record.participants]]
        c["overview"].value = _overview_html(live.record)

    def say(message: str, ok: bool) -> None:
        colour = "#1a7f37" if ok else "#b3261e"
        c["status"].value = f"<p style='color:{colour}'>{html.escape(message)}</p>"

    def guarded(fn: Callable[[], str]) -> Callable[..., None]:
        def run(*_args: Any) -> None:
            try:
                message = fn()
            except InputError as exc:
                say(f"Niet toegevoegd: {exc.message}", False)
                return
            refresh()
            say(message, True)
        return run

    def add_participant() -> str:
        code = c["participant_code"].value.strip()
        live.add_participant(code, party=c["participant_party"].value, role=c["participant_role"].value,
                             consent_named=c["participant_consent"].value, name=c["participant_name"].value)
        for key in ("participant_code", "participant_party", "participant_role", "participant_name"):
            c[key].value = ""
        c["participant_consent"].value = False
        return f"Deelnemer {code} toegevoegd."

    def add_statement() -> str:
        sid = live.add_statement(c["statement"].value, theme=c["theme"].value)
        c["statement"].value = ""
        for key in ("position_statement", "vote_statement", "minority_statement"):
            c[key].options = [s.id for s in live.record.statements]
            c[key].value = sid
        return f"Stelling {sid} toegevoegd."

    def add_position() -> str:
        live.add_position(c["position_statement"].value or "", c["position"].value,
                          participant=c["position_participant"].value or "", note=c["position_note"].value)
        c["position_note"].value = ""
        return "Positie toegevoegd."

    def add_vote() -> str:
        live.record_vote(c["vote_statement"].value or "", votes_for=c["vote_for"].value,
                         against=c["vote_against"].value, abstain=c["vote_abstain"].value)
        return f"Stemming over {c['vote_statement'].value} vastgelegd."

    def add_minority() -> str:
        live.add_minority_view(c["minority_statement"].value or "", c["minority_view"].value,
                               needs=c["minority_needs"].value)
        c["minority_view"].value = c["minority_needs"].value = ""
        return "Standpunt van de minderheid vastgelegd."

    def add_agreement() -> str:
        aid = live.add_agreement(c["agreement_text"].value, owner=c["agreement_owner"].value,
                                 due=c["agreement_date"].value,
                                 statement=c["agreement_statement"].value or "")
        c["agreement_text"].value = c["agreement_owner"].value = c["agreement_date"].value = ""
        return f"Afspraak {aid} toegevoegd."

    def add_follow() -> str:
        live.add_follow_up(c["follow_agreement"].value or "", c["follow_action"].value,
                           due=c["follow_date"].value, status=c["follow_status"].value)
        c["follow_action"].value = c["follow_date"].value = ""
        return "Vervolgactie toegevoegd."

    def save() -> str:
        files = live.save(target, pseudonymise=pseudonymise)
        return "Bewaard (gepseudonimiseerd): " + ", ".join(p.name for p in files)

    actions = {"add_participant": guarded(add_participant), "add_statement": guarded(add_statement), "add_position": guarded(add_position),
               "add_vote": guarded(add_vote), "add_minority": guarded(add_minority),
               "add_agreement": guarded(add_agreement), "add_follow": guarded(add_follow),
               "save": guarded(save)}
    for key, action in actions.items():
        c[key].on_click(action)
    refresh()

    def section(heading: str, *children) -> Any:
        return w.VBox([w.HTML(f"<h4 style='margin:.6em 0 .2em'>{heading}</h4>"), *children])

    from kit.workspace import where, where_line

    box = w.VBox([
        w.HTML(f"<h3>Verslag: {html.escape(live.record.title)}</h3>"
               f"<p><b>{html.escape(where_line(target / 'verslag.yaml'))}</b></p>"
               "<p>Schrijf geen namen van deelnemers op; gebruik rollen of codes.</p>"),
        section("0. Deelnemers (codes en rollen, geen namen)", w.HBox([c["participant_code"],
                c["participant_party"], c["participant_role"]]), c["participant_consent"],
                c["participant_name"], c["add_participant"]),
        section("1. Stelling of voorstel", c["statement"], c["theme"], c["add_statement"]),
        section("2. Positie", c["position_statement"], c["position"], c["position_participant"],
                c["position_note"], c["add_position"]),
        section("3. Stemming", c["vote_statement"], w.HBox([c["vote_for"], c["vote_against"],
                c["vote_abstain"]]), c["add_vote"]),
        section("4. Minderheid: standpunt en wat nodig is", c["minority_statement"], c["minority_view"],
                c["minority_needs"], c["add_minority"]),
        section("5. Afspraak (wat, eigenaar, datum)", c["agreement_text"], c["agreement_owner"],
                c["agreement_date"], c["agreement_statement"], c["add_agreement"]),
        section("6. Vervolg", c["follow_agreement"], c["follow_action"], c["follow_date"],
                c["follow_status"], c["add_follow"]),
        w.HBox([c["save"]]), c["status"], c["overview"],
    ])
    box.add_class("iids-record")
    box.add_class(f"iids-record-{where(target)}")  # werkmap, oefenmap or elders
    box.record = live
    box.controls = c
    box.actions = actions
    return box


def person_name_warning(*texts: str) -> str:
    """A Dutch warning when a stakeholder entry looks like a private person's name ('' if not).

    Uses the kit's own privacy scan (deduce and the kit's name lists), never a weaker check.

    >>> person_name_warning("Nachtopvang", "biedt bedden")
    ''
    >>> made_up = " ".join(("Jan", "de", "Vries"))  # a made-up person
    >>> person_name_warning(made_up, "").startswith("Dit lijkt op de naam van een persoon")
    True
    """
    from kit.privacy.scan import scan_text

    found = [f for text in texts if text and text.strip() for f in scan_text(text)
             if f.category == "PERSOON"]
    if not found:
        return ""
    return (f"Dit lijkt op de naam van een persoon ({found[0].masked}). Schrijf een organisatie, "
            "groep of rol, bijvoorbeeld 'wijkagent' of 'woningcorporatie'. Is het echt geen "
            "persoon? Klik dan nog een keer op 'Partij toevoegen'.")


def stakeholder_widget(parties: list | None = None, *, folder: str | os.PathLike | None = None):
    """A form to put parties on the stakeholder map, with the power-interest grid.

    Without ``parties`` the map saved earlier in ``folder`` is loaded, so a rerun of the
    notebook shows the student's own map. A party added by mistake is removed with
    'Partij verwijderen'; an entry that looks like a person's name gets a warning first.

    Args:
        parties: parties to start from (a list of :class:`~kit.dialogue.stakeholders.Stakeholder`).
        folder: where 'Bewaren' writes ``stakeholders.csv`` (default: ``dialoog`` in the student's workspace).

    Returns:
        An ipywidgets VBox (CSS class ``iids-stakeholders``); ``box.parties`` is the current list.

    ``box.actions["add"]``, ``["remove"]`` and ``["save"]`` do what the buttons do
    (see ``tests/dialogue/test_own_work.py``).
    """
    import ipywidgets as w
    import matplotlib.pyplot as plt

    from kit.dialogue.common import dialogue_dir
    from kit.dialogue.plots import power_interest_grid
    from kit.dialogue.stakeholders import (
        PARTY_TYPES,
        STATUSES,
        Stakeholder,
        gaps,
        load_stakeholders,
        save_stakeholder_map,
        validate_stakeholders,
    )

    target = Path(folder) if folder is not None else dialogue_dir()
    saved = target / "stakeholders.csv"
    if parties is None and saved.is_file():
        parties = load_stakeholders(saved)
    current = list(parties or [])
    c = {
        "name": w.Text(description="Partij", placeholder="organisatie of groep, geen persoon"),
        "type": w.Dropdown(options=list(PARTY_TYPES), description="Soort"),
        "influence": w.IntSlider(value=3, min=1, max=5, description="Invloed"),
        "interest": w.IntSlider(value=3, min=1, max=5, description="Belang"),
        "relation": w.Text(description="Relatie", placeholder="relatie tot de uitsluiting",
                           layout=w.Layout(width="95%")),
        "status": w.Dropdown(options=list(STATUSES), value="ontbreekt", description="Status"),
        "add": w.Button(description="Partij toevoegen", button_style="primary",
                        layout=w.Layout(width="auto")),
        "save": w.Button(description="Bewaren", button_style="success", icon="save",
                         layout=w.Layout(width="auto")),
        "remove_choice": w.Dropdown(description="Partij", layout=w.Layout(width="auto")),
        "remove": w.Button(description="Partij verwijderen", button_style="warning",
                           layout=w.Layout(width="auto")),
        "message": w.HTML(),
        "plot": w.Output(),
    }
    for key, widget in c.items():
        widget.add_class(f"iids-stakeholders-{key.replace('_', '-')}")
    pending = {"warned": ""}

    def say(message: str, ok: bool) -> None:
        colour = "#1a7f37" if ok else "#b3261e"
        c["message"].value = f"<p style='color:{colour}'>{html.escape(message)}</p>"

    listeners: list[Callable[[list], None]] = []

    def redraw() -> None:
        from IPython import get_ipython

        c["remove_choice"].options = [(p.name, p.id) for p in current]
        for listener in listeners:
            listener(list(current))
        if get_ipython() is not None:  # outside a kernel clear_output only prints escape codes
            c["plot"].clear_output(wait=True)
        with c["plot"]:
            if current:
                fig, ax = plt.subplots(figsize=(7, 5))
                power_interest_grid(current, ax=ax)
                fig.tight_layout()
                plt.show()
            notes = gaps(current) if current else []
            if notes:
                print("Om over na te denken:")
                for note in notes:
                    print(" -", note)

    def add(*_args: Any) -> None:
        used = {p.id for p in current}
        number = len(current) + 1
        while f"s{number}" in used:
            number += 1
        candidate = Stakeholder(f"s{number}", c["name"].value, c["type"].value,
                                c["influence"].value, c["interest"].value, c["relation"].value,
                                c["status"].value)
        try:
            from dataclasses import asdict

            validate_stakeholders([asdict(p) for p in [*current, candidate]])
        except InputError as exc:
            say(f"Niet toegevoegd: {exc.message}", False)
            return
        warning = person_name_warning(candidate.name, candidate.relation)
        entry = f"{candidate.name}|{candidate.relation}"
        if warning and pending["warned"] != entry:
            pending["warned"] = entry
            say(f"Niet toegevoegd: {warning}", False)
            return
        pending["warned"] = ""
        current.append(candidate)
        c["name"].value = c["relation"].value = ""
        say(f"{candidate.name} staat op de kaart. Klik op Bewaren om de kaart te bewaren.", True)
        redraw()

    def remove(*_args: Any) -> None:
        chosen = c["remove_choice"].value
        gone = [p for p in current if p.id == chosen]
        if not gone:
            say("Kies eerst de partij die je wilt verwijderen.", False)
            return
        current.remove(gone[0])
        say(f"{gone[0].name} is van de kaart gehaald. Klik op Bewaren om de kaart te bewaren.",
            True)
        redraw()

    def save(*_args: Any) -> None:
        try:
            files = save_stakeholder_map(target, current)
        except InputError as exc:
            say(f"Niet bewaard: {exc.message}", False)
            return
        say("Bewaard: " + ", ".join(p.name for p in files), True)

    c["add"].on_click(add)
    c["save"].on_click(save)
    c["remove"].on_click(remove)
    redraw()
    box = w.VBox([c["name"], c["type"], c["influence"], c["interest"], c["relation"], c["status"],
                  w.HBox([c["add"], c["save"]]), w.HBox([c["remove_choice"], c["remove"]]),
                  c["message"], c["plot"]])
    box.add_class("iids-stakeholders")
    box.parties = current
    box.listeners = listeners
    box.controls = c
    box.actions = {"add": add, "save": save, "remove": remove}
    return box


def check_folder(folder: str | os.PathLike) -> list[str]:
    """Check the dialogue files in a folder and print the result in Dutch (no terminal needed).

    Args:
        folder: a folder with ``verslag.yaml``, ``sessieplan.yaml``, ``stakeholders.csv``
            or ``inhoud.yaml`` (or one such file).

    Returns:
        The lines printed; the last one says what is wrong when a file has a problem.

    >>> import tempfile
    >>> check_folder(tempfile.mkdtemp())[0].startswith("Niet in orde: geen bestanden")
    Niet in orde: geen bestanden van de dialoogtafel gevonden ...
    True
    """
    from kit.dialogue.cli import validate_path

    try:
        lines = validate_path(Path(folder))
    except InputError as exc:
        where = ", ".join(str(x) for x in (exc.path, exc.place) if x)
        lines = [f"Niet in orde: {exc.message}" + (f" ({where})" if where else "")]
    for line in lines:
        print(line)
    return lines


def participation_widget(parties: list, *, folder: str | os.PathLike | None = None,
                         follow: Any = None):
    """A form for the participation plan: place, time, invitations, safety, interpreters.

    The student fills in boxes and picks parties from the stakeholder map; 'Controleren en
    bewaren' checks the plan and writes ``deelnameplan.yaml``.

    Args:
        parties: the stakeholder map to invite from (a list of
            :class:`~kit.dialogue.stakeholders.Stakeholder`).
        folder: where the plan is written (default: ``dialoog`` in the student's workspace).
        follow: a :func:`stakeholder_widget`; once it has parties, the form invites from
            those (and follows every change), without running the cell again.

    Returns:
        An ipywidgets VBox (CSS class ``iids-participation``); ``box.controls``, ``box.actions``,
        ``box.invitations`` (the invitations added so far) and ``box.plan`` (after saving).

    >>> import tempfile
    >>> from kit.dialogue.stakeholders import Stakeholder
    >>> p = [Stakeholder("s1", "Arbeidsmigranten", "gemeenschap", 1, 5, "x")]
    >>> box = participation_widget(p, folder=tempfile.mkdtemp())
    >>> box.controls["place"].value, box.controls["when"].value = "buurthuis", "zaterdag 11 uur"
    >>> box.controls["how"].value = "persoonlijk, via een sleutelpersoon"
    >>> box.actions["add"]()
    >>> box.actions["save"]()
    >>> "veilig" in box.controls["message"].value
    True
    >>> box.controls["safety"].value = "geen namen in het verslag"
    >>> box.actions["save"]()
    >>> box.plan.invitations[0].party
    's1'
    """
    import ipywidgets as w

    from kit.dialogue.common import dialogue_dir
    from kit.dialogue.stakeholders import Invitation, ParticipationPlan, save_participation

    target = Path(folder) if folder is not None else dialogue_dir()
    invitations: list[Invitation] = []
    full = w.Layout(width="95%")
    c: dict[str, Any] = {
        "place": w.Text(description="Plek", placeholder="een plek die de gemeenschap kent", layout=full),
        "when": w.Text(description="Wanneer", placeholder="bijv. zaterdag 11 uur", layout=full),
        "party": w.Dropdown(options=[(f"{p.name} ({p.type})", p.id) for p in parties],
                            description="Partij", layout=full),
        "how": w.Text(description="Hoe", placeholder="bijv. persoonlijk, via een sleutelpersoon",
                      layout=full),
        "add": w.Button(description="Uitnodiging toevoegen", button_style="primary"),
        "list": w.HTML("<i>Nog geen uitnodigingen.</i>"),
        "safety": w.Textarea(placeholder="Wat maakt het veilig? Eén maatregel per regel, "
                             "bijv. geen namen in het verslag", layout=full),
        "interpreters": w.Text(description="Tolken", placeholder="talen, met komma's (mag leeg)",
                               layout=full),
        "access": w.Text(description="Bereikbaar", placeholder="reiskosten, kinderopvang, eten "
                         "(mag leeg)", layout=full),
        "save": w.Button(description="Controleren en bewaren", button_style="success", icon="save"),
        "message": w.HTML(),
    }
    names = {p.id: p.name for p in parties}
    state = {"parties": list(parties)}

    def use_parties(new: list) -> None:
        state["parties"] = list(new)
        names.clear()
        names.update({p.id: p.name for p in new})
        c["party"].options = [(f"{p.name} ({p.type})", p.id) for p in new]

    if follow is not None:
        if follow.parties:
            use_parties(follow.parties)
        follow.listeners.append(lambda current: use_parties(current) if current else None)

    def say(message: str, ok: bool) -> None:
        colour = "#1a7f37" if ok else "#b3261e"
        c["message"].value = f"<p style='color:{colour}'>{html.escape(message)}</p>"

    def add(*_args: Any) -> None:
        if c["party"].value is None or not c["how"].value.strip():
            say("Kies een partij en schrijf op hoe je haar uitnodigt.", False)
            return
        invitations.append(Invitation(c["party"].value, c["how"].value.strip()))
        c["how"].value = ""
        c["list"].value = "<ul>" + "".join(
            f"<li>{html.escape(names.get(i.party, i.party))}: {html.escape(i.how)}</li>"
            for i in invitations) + "</ul>"
        say("Uitnodiging toegevoegd.", True)

    def save(*_args: Any) -> None:
        plan = ParticipationPlan(
            c["place"].value.strip(), c["when"].value.strip(), list(invitations),
            [line.strip() for line in c["safety"].value.splitlines() if line.strip()],
            [t.strip() for t in c["interpreters"].value.split(",") if t.strip()],
            c["access"].value.strip())
        try:
            path = save_participation(target, plan, state["parties"])
        except InputError as exc:
            say(f"Nog niet bewaard: {exc.message}", False)
            return
        box.plan = plan
        say(f"Bewaard in {path}: {len(plan.invitations)} uitnodiging(en), "
            f"{len(plan.safety)} maatregel(en).", True)

    c["add"].on_click(add)
    c["save"].on_click(save)
    box = w.VBox([c["place"], c["when"], w.HTML("<b>Wie nodig je uit, en hoe?</b>"), c["party"],
                  c["how"], c["add"], c["list"], w.HTML("<b>Veiligheid</b>"), c["safety"],
                  c["interpreters"], c["access"], c["save"], c["message"]])
    box.add_class("iids-participation")
    box.controls = c
    box.actions = {"add": add, "save": save}
    box.invitations = invitations
    box.plan = None
    return box


def handreiking_widget(content: dict, narratives: Any, **build: Any):
    """A form to choose the professional group and rewrite the first recommendation, then build.

    'Maak de handreiking' copies ``content``, puts in the choices and calls
    :func:`kit.dialogue.handreiking.build_handreiking`; a refusal is shown as a Dutch line.

    Args:
        content: the content of a handreiking as a dict (as in ``inhoud.yaml``); not changed.
        narratives: the pseudonymised narratives (see ``build_handreiking``).
        **build: passed on to ``build_handreiking`` (``work``, ``record``, ``refusal``, ``vault`` ...).

    Returns:
        An ipywidgets VBox (CSS class ``iids-handreiking``); ``box.controls``, ``box.actions``
        and ``box.files`` (what was written, after building).

    >>> import tempfile
    >>> from kit.dialogue.examples import example_content, example_narratives
    >>> box = handreiking_widget(example_content(), example_narratives(), work=tempfile.mkdtemp(),
    ...                          refusal=lambda p: None)
    >>> box.controls["audience"].value = "huisartsen"
    >>> box.controls["recommendation"].value = ""
    >>> box.actions["build"]()
    >>> "Nog niet gemaakt" in box.controls["message"].value, box.files
    (True, None)
    """
    import copy

    import ipywidgets as w

    from kit.dialogue.handreiking import AUDIENCES, build_handreiking

    first = (content.get("aanbevelingen") or [{}])[0]
    audiences = list(AUDIENCES)
    if content.get("beroepsgroep") and content["beroepsgroep"] not in audiences:
        audiences.insert(0, content["beroepsgroep"])
    full = w.Layout(width="95%")
    c: dict[str, Any] = {
        "audience": w.Dropdown(options=audiences, value=content.get("beroepsgroep") or audiences[0],
                               description="Voor wie", layout=full),
        "recommendation": w.Textarea(value=str(first.get("tekst", "")), layout=w.Layout(
            width="95%", height="5em"), placeholder="De eerste aanbeveling, concreet voor deze groep"),
        "together": w.Checkbox(value=str(first.get("samen_met_gemeenschap", "")).lower()
                               in {"ja", "true"}, indent=False,
                               description="samen met leden van de gemeenschap ontwikkeld"),
        "build": w.Button(description="Maak de handreiking", button_style="success", icon="file"),
        "message": w.HTML(),
        "table": w.Output(),
    }

    def build_now(*_args: Any) -> None:
        from kit.io import read_csv

        data = copy.deepcopy(content)
        data["beroepsgroep"] = c["audience"].value
        if data.get("aanbevelingen"):
            data["aanbevelingen"][0]["tekst"] = c["recommendation"].value
            data["aanbevelingen"][0]["samen_met_gemeenschap"] = "ja" if c["together"].value else "nee"
        try:
            files = build_handreiking(data, narratives, **build)
        except InputError as exc:
            c["message"].value = f"<p style='color:#b3261e'>Nog niet gemaakt: {html.escape(exc.message)}</p>"
            return
        box.files = files
        c["table"].clear_output()
        c["message"].value = (f"<p style='color:#1a7f37'>Gemaakt: {html.escape(str(files.html))} en "
                              f"{html.escape(str(files.docx))} ({files.quotes} citaten). Open de HTML "
                              "met een dubbelklik in de bestandenlijst.</p>")
        with c["table"]:
            from IPython.display import display

            display(read_csv(files.recommendations)[["id", "text", "minority_view"]])

    c["build"].on_click(build_now)
    box = w.VBox([c["audience"], w.HTML("<b>De eerste aanbeveling</b>"), c["recommendation"],
                  c["together"], c["build"], c["message"], c["table"]])
    box.add_class("iids-handreiking")
    box.controls = c
    box.actions = {"build": build_now}
    box.files = None
    return box


#: The session formats as a student reads them in the form.
FORMAT_LABELS = {"deep-democracy": "Deep Democracy (besluitstappen van Lewis)",
                 "socratisch-gesprek": "Socratisch gesprek", "effectenarena": "Effectenarena"}


def session_plan_widget(themes: list | None = None, *, work: str | os.PathLike | None = None,
                        counter_story: str | None = None, parties: list | None = None,
                        participation: Any = None, folder: str | os.PathLike | None = None,
                        goal: str = "", format: str = "deep-democracy"):
    """A form for the session plan: goal and format; the kit makes the plan and the script.

    Replaces editing a code cell: the student writes the goal, picks the format from a list,
    and clicks 'Maak sessieplan en draaiboek'. The plan (``sessieplan.yaml``) and the
    printable script (``draaiboek.html``) are written into ``folder``, with the student's
    themes, counter-story, parties and participation plan.

    With ``work`` (the student's workspace), whatever is not given is read from the
    student's own work at the moment of the click (see :mod:`kit.dialogue.own_work`): the
    themes from the codings and codebook, the counter-story, the stakeholder map and the
    participation plan. The message says per part whether it is the student's own or the
    example.

    Args:
        themes: the themes (see :func:`kit.dialogue.session.themes_from_codings`).
        work: the student's workspace, to read the own work from.
        counter_story: the counter-story in a few sentences.
        parties: the stakeholder map, for the script's list of who comes.
        participation: the participation plan, for the script.
        folder: where the files go (default: ``dialoog`` in the student's workspace).
        goal: the goal to start with (e.g. from a saved plan).
        format: the format to start with.

    Returns:
        An ipywidgets VBox (CSS class ``iids-sessieplan``); ``box.controls``, ``box.actions``,
        ``box.plan`` (after making it).

    >>> import tempfile
    >>> from kit.dialogue.session import Theme
    >>> box = session_plan_widget([Theme("wonen")], folder=tempfile.mkdtemp())
    >>> box.actions["make"]()
    >>> "Schrijf eerst het doel" in box.controls["message"].value
    True
    >>> box.controls["goal"].value = "Afspraken over een eigen huis"
    >>> box.controls["format"].value = "socratisch-gesprek"
    >>> box.actions["make"]()
    >>> box.plan.format, "minuten" in box.controls["message"].value
    ('socratisch-gesprek', True)
    """
    import ipywidgets as w

    from kit.dialogue.common import dialogue_dir
    from kit.dialogue.session import FORMATS, new_plan, save_plan, total_minutes, write_script

    target = Path(folder) if folder is not None else dialogue_dir()
    full = w.Layout(width="95%")
    c: dict[str, Any] = {
        "goal": w.Textarea(value=goal, placeholder="Wat willen jullie met deze tafel bereiken? "
                           "Bijv. samen afspraken maken die uitsluiting bij de bank verminderen",
                           layout=w.Layout(width="95%", height="4em")),
        "format": w.RadioButtons(options=[(FORMAT_LABELS[f], f) for f in FORMATS],
                                 value=format if format in FORMATS else FORMATS[0],
                                 layout=full),
        "date": w.Text(description="Datum", placeholder="bijv. 2027-01-14 (mag leeg)"),
        "place": w.Text(description="Plek", placeholder="mag leeg", layout=full),
        "make": w.Button(description="Maak sessieplan en draaiboek", button_style="success",
                         icon="file", layout=w.Layout(width="auto")),
        "message": w.HTML(),
    }
    for key, widget in c.items():
        widget.add_class(f"iids-sessieplan-{key}")

    def say(message: str, ok: bool) -> None:
        colour = "#1a7f37" if ok else "#b3261e"
        c["message"].value = f"<p style='color:{colour}'>{html.escape(message)}</p>"

    def gather() -> tuple[list, str, list, Any, list[str]]:
        from kit.dialogue import own_work
        from kit.dialogue.session import themes_from_codings

        notes: list[str] = []
        use_themes, story, who, plan_of = themes, counter_story, parties, participation
        if work is not None:
            if use_themes is None:
                codes, labels = own_work.own_codings(work), own_work.own_code_labels(work)
                use_themes = themes_from_codings(codes.value, top=3, labels=labels.value)
                notes += [codes.note, labels.note]
            if story is None:
                found = own_work.own_counter_story(work)
                story = found.value
                notes.append(found.note)
            if who is None:
                found = own_work.own_parties(work)
                who = found.value
                notes.append(found.note)
            if plan_of is None:
                found = own_work.own_participation(work, who)
                plan_of = found.value
                notes.append(found.note)
        return list(use_themes or []), story or "", list(who or []), plan_of, notes

    def make(*_args: Any) -> None:
        if not c["goal"].value.strip():
            say("Schrijf eerst het doel van jullie tafel.", False)
            return
        try:
            use_themes, story, who, plan_of, notes = gather()
            plan = new_plan(c["format"].value, c["goal"].value.strip(), use_themes,
                            counter_story=story, date=c["date"].value.strip(),
                            place=c["place"].value.strip())
            save_plan(plan, target / "sessieplan.yaml")
            script = write_script(plan, target / "draaiboek.html", parties=who,
                                  participation=plan_of)
        except InputError as exc:
            say(f"Nog niet gemaakt: {exc.message}", False)
            return
        box.plan = plan
        say(f"Sessieplan van {total_minutes(plan)} minuten bewaard; het draaiboek staat in "
            f"{script}. Open het met een dubbelklik in de bestandenlijst.", True)
        if notes:
            c["message"].value += "<ul>" + "".join(
                f"<li>{html.escape(n)}</li>" for n in notes) + "</ul>"

    c["make"].on_click(make)
    box = w.VBox([w.HTML("<b>Het doel van jullie tafel</b>"), c["goal"],
                  w.HTML("<b>De vorm</b>"), c["format"], c["date"], c["place"], c["make"],
                  c["message"]])
    box.add_class("iids-sessieplan")
    box.controls = c
    box.actions = {"make": make}
    box.plan = None
    return box


def check_own_work(work: str | os.PathLike) -> list[str]:
    """Check the dialogue files in the workspace and say which parts are still the example.

    'In orde' is only said about the student's own files; every part that still comes from
    the example is named, so a student never takes the example's script for their own.

    Returns:
        The lines printed.
    """
    from kit.dialogue.common import dialogue_dir
    from kit.dialogue.own_work import own_work_lines

    lines = check_folder(dialogue_dir(work))
    extra = own_work_lines(work)
    missing = [line for line in extra if line.startswith("Voorbeeld:")]
    extra.append("Nog niet alles is van jezelf: maak de onderdelen hierboven met 'Voorbeeld:' af."
                 if missing else "Alles komt uit je eigen werk.")
    for line in extra:
        print(line)
    return lines + extra


def _pseudonymised_content(content: dict) -> dict:
    """The handreiking's content as it enters the workspace (see
    :func:`kit.dialogue.handreiking.pseudonymise_content`)."""
    from kit.dialogue.handreiking import pseudonymise_content

    return pseudonymise_content(content)[0]


def content_form(work: str | os.PathLike | None = None):
    """The handreiking's content as a form, instead of editing ``inhoud.yaml`` by hand.

    Text boxes for title, audience, authors, context, analysis, what the community wants and
    reflection; a list of recommendations (text, evidence, minority view, source, made with
    the community) and of quotes (narrative id and fragment), each with add and remove.
    'Bewaren' checks everything (:func:`kit.dialogue.handreiking.validate_content`),
    pseudonymises every free text (the raw content goes to the vault only, and the form then
    shows the labels) and writes ``handreiking/inhoud.yaml`` in the workspace; a mistake is one
    Dutch line. A saved content is loaded again on a rerun.

    Returns:
        An ipywidgets VBox (CSS class ``iids-inhoud``); ``box.controls``, ``box.actions``
        (``add_recommendation``, ``remove_recommendation``, ``add_quote``, ``remove_quote``,
        ``save``), ``box.recommendations`` and ``box.quotes``.

    >>> import tempfile
    >>> box = content_form(tempfile.mkdtemp())
    >>> c = box.controls
    >>> c["titel"].value, c["beroepsgroep"].value = "Een eigen huis", "huisartsen"
    >>> c["context"].value = c["analyse"].value = c["wat_de_gemeenschap_wil"].value = "Tekst."
    >>> c["rec_tekst"].value, c["rec_onderbouwing"].value = "Vraag eerst wat iemand wil.", "N1"
    >>> c["rec_minderheid"].value = "Er was geen minderheid."
    >>> box.actions["add_recommendation"]()
    >>> box.actions["save"]()
    >>> "Bewaard" in c["message"].value, box.recommendations[0]["id"]
    (True, 'R1')
    >>> content_form(box.work).recommendations[0]["tekst"]
    'Vraag eerst wat iemand wil.'
    """
    import ipywidgets as w

    from kit.dialogue.common import handreiking_dir
    from kit.dialogue.handreiking import AUDIENCES, CONTENT_FILE, validate_content
    from kit.io import write_yaml

    folder = handreiking_dir(work)
    target = folder / CONTENT_FILE
    data: dict = {}
    if target.is_file():
        from kit.dialogue.handreiking import ingest_content

        loaded = ingest_content(target)
        data = loaded if isinstance(loaded, dict) else {}
    recommendations = [dict(r) for r in data.get("aanbevelingen") or [] if isinstance(r, dict)]
    quotes = [dict(q) for q in data.get("citaten") or [] if isinstance(q, dict)]
    full = w.Layout(width="95%")

    def area(key: str, placeholder: str) -> Any:
        return w.Textarea(value=str(data.get(key) or ""), placeholder=placeholder,
                          layout=w.Layout(width="95%", height="5em"))

    c: dict[str, Any] = {
        "titel": w.Text(value=str(data.get("titel") or ""), description="Titel", layout=full),
        "beroepsgroep": w.Combobox(value=str(data.get("beroepsgroep") or ""), options=list(AUDIENCES),
                                   description="Voor wie", placeholder="kies of typ een beroepsgroep",
                                   ensure_option=False, layout=full),
        "auteurs": w.Text(value=", ".join(data.get("auteurs") or []), description="Auteurs",
                          placeholder="jullie teamnaam, geen namen van deelnemers", layout=full),
        "context": area("context", "Over welke groep gaat het, waar, en welke uitsluiting zagen jullie?"),
        "analyse": area("analyse", "De kern van jullie analyse: codes, tegenverhaal, het dominante discours"),
        "wat_de_gemeenschap_wil": area("wat_de_gemeenschap_wil",
                                       "Wat wil de gemeenschap zelf, zo veel mogelijk in eigen woorden?"),
        "reflectie": area("reflectie", "Jullie reflectie (mag leeg)"),
        "rec_tekst": w.Textarea(placeholder="De aanbeveling, concreet voor deze beroepsgroep",
                                layout=w.Layout(width="95%", height="4em")),
        "rec_onderbouwing": w.Text(description="Onderbouwing", layout=full,
                                   placeholder="narratieven, codes, stelling of afspraak"),
        "rec_minderheid": w.Text(description="Minderheid", layout=full,
                                 placeholder="wat vond de minderheid? (of: er was geen minderheid)"),
        "rec_bron": w.Text(description="Bron", placeholder="S1 of A1 uit het verslag (mag leeg)"),
        "rec_samen": w.Checkbox(description="samen met leden van de gemeenschap gemaakt", indent=False,
                                layout=w.Layout(width="auto")),
        "add_recommendation": w.Button(description="Aanbeveling toevoegen", button_style="primary",
                                       layout=w.Layout(width="auto")),
        "rec_choice": w.Dropdown(description="Aanbeveling", layout=w.Layout(width="auto")),
        "remove_recommendation": w.Button(description="Aanbeveling verwijderen",
                                          button_style="warning", layout=w.Layout(width="auto")),
        "quote_narrative": w.Text(description="Narratief", placeholder="id, bijv. n12"),
        "quote_fragment": w.Text(description="Fragment", layout=full,
                                 placeholder="een letterlijk stuk (mag leeg: het hele verhaal)"),
        "add_quote": w.Button(description="Citaat toevoegen", layout=w.Layout(width="auto")),
        "quote_choice": w.Dropdown(description="Citaat", layout=w.Layout(width="auto")),
        "remove_quote": w.Button(description="Citaat verwijderen", button_style="warning",
                                 layout=w.Layout(width="auto")),
        "list": w.HTML(),
        "save": w.Button(description="Bewaren", button_style="success", icon="save",
                         layout=w.Layout(width="auto")),
        "message": w.HTML(),
    }
    for key, widget in c.items():
        widget.add_class(f"iids-inhoud-{key.replace('_', '-')}")

    def say(text: str, ok: bool) -> None:
        colour = "#1a7f37" if ok else "#b3261e"
        c["message"].value = f"<p style='color:{colour}'>{html.escape(text)}</p>"

    def refresh() -> None:
        c["rec_choice"].options = [(f"{r['id']}: {str(r.get('tekst', ''))[:60]}", i)
                                   for i, r in enumerate(recommendations)]
        c["quote_choice"].options = [(f"{q.get('narratief')}: {str(q.get('fragment', ''))[:50]}", i)
                                     for i, q in enumerate(quotes)]
        items = "".join(f"<li><b>{html.escape(r['id'])}</b> {html.escape(str(r.get('tekst', '')))}</li>"
                        for r in recommendations)
        cites = "".join(f"<li>{html.escape(str(q.get('narratief')))}: "
                        f"{html.escape(str(q.get('fragment', '')))}</li>" for q in quotes)
        c["list"].value = (f"<b>Aanbevelingen</b><ul>{items or '<li><i>nog geen</i></li>'}</ul>"
                           f"<b>Citaten</b><ul>{cites or '<li><i>nog geen</i></li>'}</ul>")

    def add_recommendation(*_args: Any) -> None:
        if not c["rec_tekst"].value.strip():
            say("Schrijf eerst de aanbeveling.", False)
            return
        used = {r.get("id") for r in recommendations}
        number = len(recommendations) + 1
        while f"R{number}" in used:
            number += 1
        entry = {"id": f"R{number}", "tekst": c["rec_tekst"].value.strip(),
                 "onderbouwing": c["rec_onderbouwing"].value.strip(),
                 "minderheid": c["rec_minderheid"].value.strip(),
                 "samen_met_gemeenschap": "ja" if c["rec_samen"].value else "nee"}
        if c["rec_bron"].value.strip():
            entry["bron"] = c["rec_bron"].value.strip()
        recommendations.append(entry)
        for key in ("rec_tekst", "rec_onderbouwing", "rec_minderheid", "rec_bron"):
            c[key].value = ""
        c["rec_samen"].value = False
        refresh()
        say(f"Aanbeveling {entry['id']} toegevoegd. Klik op Bewaren om alles te bewaren.", True)

    def remove_recommendation(*_args: Any) -> None:
        if c["rec_choice"].value is None:
            say("Kies eerst de aanbeveling die je wilt verwijderen.", False)
            return
        gone = recommendations.pop(c["rec_choice"].value)
        refresh()
        say(f"Aanbeveling {gone['id']} verwijderd.", True)

    def add_quote(*_args: Any) -> None:
        if not c["quote_narrative"].value.strip():
            say("Vul de id van het narratief in.", False)
            return
        entry = {"narratief": c["quote_narrative"].value.strip()}
        if c["quote_fragment"].value.strip():
            entry["fragment"] = c["quote_fragment"].value.strip()
        quotes.append(entry)
        c["quote_narrative"].value = c["quote_fragment"].value = ""
        refresh()
        say("Citaat toegevoegd. De kit neemt het alleen op met toestemming voor publicatie.", True)

    def remove_quote(*_args: Any) -> None:
        if c["quote_choice"].value is None:
            say("Kies eerst het citaat dat je wilt verwijderen.", False)
            return
        quotes.pop(c["quote_choice"].value)
        refresh()
        say("Citaat verwijderd.", True)

    def save(*_args: Any) -> None:
        content = {
            "titel": c["titel"].value.strip(), "beroepsgroep": c["beroepsgroep"].value.strip(),
            "auteurs": [a.strip() for a in c["auteurs"].value.split(",") if a.strip()],
            "context": c["context"].value.strip(), "analyse": c["analyse"].value.strip(),
            "wat_de_gemeenschap_wil": c["wat_de_gemeenschap_wil"].value.strip(),
            "citaten": [dict(q) for q in quotes],
            "aanbevelingen": [dict(r) for r in recommendations],
            "reflectie": c["reflectie"].value.strip(),
        }
        try:
            validate_content(content, path=target)
        except InputError as exc:
            say(f"Nog niet bewaard: {exc.message}", False)
            return
        try:
            content = _pseudonymised_content(content)
        except InputError as exc:  # deduce's tables missing: nothing is saved raw
            say(f"Nog niet bewaard: {exc.message}", False)
            return
        for key in ("titel", "beroepsgroep", "context", "analyse", "wat_de_gemeenschap_wil",
                    "reflectie"):  # the form (and the notebook's widget state) shows labels
            c[key].value = content[key]
        c["auteurs"].value = ", ".join(content["auteurs"])
        recommendations[:] = content["aanbevelingen"]
        refresh()
        write_yaml(content, target)
        say(f"Bewaard in {target}.", True)

    actions = {"add_recommendation": add_recommendation, "remove_recommendation": remove_recommendation,
               "add_quote": add_quote, "remove_quote": remove_quote, "save": save}
    for key, action in actions.items():
        c[key].on_click(action)
    refresh()
    box = w.VBox([
        c["titel"], c["beroepsgroep"], c["auteurs"],
        w.HTML("<b>Context</b>"), c["context"], w.HTML("<b>Analyse</b>"), c["analyse"],
        w.HTML("<b>Wat de gemeenschap wil</b>"), c["wat_de_gemeenschap_wil"],
        w.HTML("<h4>Aanbevelingen</h4>"), c["rec_tekst"], c["rec_onderbouwing"], c["rec_minderheid"],
        c["rec_bron"], c["rec_samen"], c["add_recommendation"],
        w.HBox([c["rec_choice"], c["remove_recommendation"]]),
        w.HTML("<h4>Citaten</h4>"), c["quote_narrative"], c["quote_fragment"], c["add_quote"],
        w.HBox([c["quote_choice"], c["remove_quote"]]),
        w.HTML("<b>Reflectie</b>"), c["reflectie"], c["list"], c["save"], c["message"]])
    box.add_class("iids-inhoud")
    box.controls = c
    box.actions = actions
    box.recommendations = recommendations
    box.quotes = quotes
    box.work = work
    return box
