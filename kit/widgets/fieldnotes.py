"""A text area for invented field notes whose raw text goes only to the vault.

The field is emptied as soon as the notes are saved, so the notebook (and any widget
state saved in it) never holds the raw text; the form shows only how many notes were
kept.

>>> form = notes_form("mijn-werk", vault="/tmp/kluis-voorbeeld", display=False)
>>> form.children[0].value
''
"""

from __future__ import annotations

__all__ = ["notes_form"]


def notes_form(workdir, vault=None, *, display: bool = True):
    """Show (and return) the form: a text area, one note per paragraph, and a save button."""
    import ipywidgets as w

    from kit.privacy.fieldnotes import save_raw, split_notes

    area = w.Textarea(value="", placeholder="Eerste verzonnen notitie ...\n\nTweede verzonnen "
                      "notitie ...", layout=w.Layout(width="100%", height="12em"))
    button = w.Button(description="Bewaar in mijn kluis", button_style="primary")
    status = w.HTML("Typ je notities; laat een witregel tussen twee notities.")

    def save(_button=None) -> None:
        notes = split_notes(area.value)
        if not notes:
            status.value = "Er staat nog geen notitie in het veld."
            return
        save_raw(area.value, workdir, vault)
        area.value = ""
        status.value = (f"{len(notes)} notitie(s) bewaard in je kluis; het veld is weer leeg. "
                        "Voer nu de volgende cellen uit.")

    button.on_click(save)
    form = w.VBox([area, button, status])
    form.save = save
    if display:
        from IPython.display import display as show

        show(form)
    return form
