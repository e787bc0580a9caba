"""The dialogue stage of ``iids demo``: per cohort a stakeholder map, session plan, record, handreiking.

Reads ``ctx.results["narratives"]`` and ``ctx.results["codings"]`` when earlier
stages left them (themes come from the codings, quotes from narratives whose
tellers consented to publication in ``ctx.vault``); otherwise it works from the
synthetic worked examples alone. Writes, per cohort, a work folder
``<out>/dialoog/<cohort>/`` with ``dialoog/`` and ``handreiking/`` inside, and sets
``ctx.results["dialogue"] = {cohort: dialogue folder}`` and
``ctx.results["handreiking"]`` (the HTML of the first cohort).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__all__ = ["demo_stage", "build_cohort", "pick_quotes"]


def _pseudonymiser(ctx: Any):
    from kit.dialogue.record import default_pseudonymiser
    from kit.errors import InputError

    try:
        run = default_pseudonymiser(ctx.vault)
        run("Controle.")
        return run, "gepseudonimiseerd met de kit"
    except (InputError, ImportError, TypeError) as exc:
        ctx.log(f"pseudonimiseren niet beschikbaar ({exc}); de synthetische voorbeeldtekst bevat "
                "geen persoonsgegevens en wordt ongewijzigd bewaard")
        return (lambda text: text), "synthetische tekst zonder persoonsgegevens"


def pick_quotes(narratives: Any, refusal, *, limit: int = 3, community: str | None = None) -> list[dict]:
    """Choose up to ``limit`` short quotes (first sentences) from tellers who consented to publication.

    Args:
        narratives: DataFrame or dicts with id, participant, community, text.
        refusal: ``participant -> reason or None``.
        limit: how many quotes.
        community: prefer narratives whose community contains this word.

    Returns:
        Entries for ``citaten`` in ``inhoud.yaml`` (``narratief``, ``fragment``).

    >>> rows = [{"id": "n1", "participant": "P1", "community": "sekswerkers",
    ...          "text": "Ik werk zelfstandig. De bank zegt nee."}]
    >>> pick_quotes(rows, lambda p: None)
    [{'narratief': 'n1', 'fragment': 'Ik werk zelfstandig.'}]
    """
    from kit.dialogue.handreiking import publishable_narratives

    table = publishable_narratives(narratives, refusal)
    if community is not None and len(table):
        preferred = table[table["community"].str.contains(community, case=False, regex=False)]
        table = preferred if len(preferred) else table
    quotes = []
    for row in table.itertuples():
        first = re.match(r"\s*(.+?[.!?])(\s|$)", row.text)
        fragment = (first.group(1) if first else row.text.strip())[:300].strip()
        if len(fragment) >= 15 and fragment in row.text:
            quotes.append({"narratief": row.id, "fragment": fragment})
        if len(quotes) == limit:
            break
    return quotes


def build_cohort(work: Path, case: str, *, narratives: Any = None, codings: Any = None,
                 refusal=None, pseudonymise=None) -> dict[str, Path]:
    """Build the dialogue artefacts of one cohort in ``work`` (a stand-in for ``mijn-werk``).

    Returns:
        ``{"dialoog": folder, "handreiking": html, "docx": docx, "draaiboek": html}``.
    """
    from kit.dialogue.examples import (
        example_content,
        example_counter_story,
        example_participation,
        example_record,
        example_relations,
        example_stakeholders,
    )
    from kit.dialogue.handreiking import build_handreiking
    from kit.dialogue.record import save_record
    from kit.dialogue.session import (
        Theme,
        code_labels,
        new_plan,
        save_plan,
        themes_from_codings,
        write_script,
    )
    from kit.dialogue.stakeholders import save_stakeholder_map

    folder = work / "dialoog"
    parties, participation = example_stakeholders(case), example_participation(case)
    save_stakeholder_map(folder, parties, example_relations(case), participation)
    record = example_record(case)
    labels = code_labels("erbij-horen-en-uitsluiting")
    themes = (themes_from_codings(codings, top=3, labels=labels)
              if codings is not None and len(codings) else [])
    if not themes:
        themes = [Theme(t, [t], "analyse") for t in dict.fromkeys(s.theme for s in record.statements)]
    plan = new_plan("deep-democracy", "Samen met de gemeenschap afspraken maken die uitsluiting "
                    "verminderen", themes, counter_story=example_counter_story(case),
                    title=record.title, date=record.date, place=record.place)
    save_plan(plan, folder / "sessieplan.yaml")
    script = write_script(plan, folder / "draaiboek.html", parties=parties, participation=participation)
    save_record(record, folder, pseudonymise=pseudonymise or (lambda text: text))
    quotes = []
    if narratives is not None and refusal is not None:
        quotes = pick_quotes(narratives, refusal, community=case[:8])
    files = build_handreiking(example_content(case, quotes), narratives if narratives is not None else [],
                              work=work, record=record, codings=codings,
                              refusal=refusal or (lambda p: "geen toestemmingsregister in de demo"),
                              pseudonymise=pseudonymise or (lambda text: text))
    return {"dialoog": folder, "handreiking": files.html, "docx": files.docx, "draaiboek": script,
            "citaten": len(quotes)}


def demo_stage(ctx: Any) -> str:
    """Run the dialogue stage for every cohort (see the module docstring)."""
    from kit.dialogue.handreiking import consent_checker, read_narratives
    from kit.errors import InputError

    narratives_by_cohort = ctx.results.get("narratives") or {}
    codings_by_cohort = ctx.results.get("codings") or {}
    refusal = None
    vault = ctx.results.get("consent_vault") or ctx.vault
    if vault is not None:
        try:
            refusal = consent_checker(vault)
        except InputError as exc:
            ctx.log(f"toestemmingsregister niet te openen ({exc}); geen citaten")
    pseudonymise, how = _pseudonymiser(ctx)
    cases = ["sekswerkers", "arbeidsmigranten"]
    dialogue: dict[str, Path] = {}
    first_html = None
    total_quotes = 0
    for index, cohort in enumerate(ctx.cohorts):
        case = cases[index % len(cases)]
        narratives = codings = None
        if cohort in narratives_by_cohort:
            path = Path(narratives_by_cohort[cohort])
            path = path / "narratieven.csv" if path.is_dir() else path
            if path.is_file():
                narratives = read_narratives(path)
        if cohort in codings_by_cohort and Path(codings_by_cohort[cohort]).is_file():
            from kit.io import read_csv

            codings = read_csv(codings_by_cohort[cohort], required=["document", "code"])
        work = Path(ctx.out) / "dialoog" / cohort
        again = (work / "dialoog").is_dir()
        built = build_cohort(work, case, narratives=narratives, codings=codings,
                             refusal=refusal, pseudonymise=pseudonymise)
        dialogue[cohort] = built["dialoog"]
        first_html = first_html or built["handreiking"]
        total_quotes += built["citaten"]
        ctx.log(f"{cohort}: {case}, {built['citaten']} citaten met toestemming; {built['handreiking']}"
                + (" (opnieuw gemaakt: de dialoogtafel van een eerdere run is vervangen)"
                   if again else ""))
    ctx.results["dialogue"] = dialogue
    ctx.results["handreiking"] = first_html
    return (f"{len(dialogue)} dialoogtafels vastgelegd ({how}), {len(dialogue)} handreikingen "
            f"met {total_quotes} citaten met toestemming voor publicatie")
