"""The evaluator's sections of the weegmoment report, from the published tables.

Pure functions: the tables the report publishes (already protected against small cells) and
the registry in, plain structures out (``{"title", "paragraphs", "tables"}``) that the HTML
template and the Word document render alike. Every number passes :mod:`kit.evaluation.numbers`.

Sections: summary with the proposed decision and the criteria that drive it; the ministry's
four requirements (the indicators that declare each, the criteria on them, the links of the
theory of change that name them); the project's aims (outputs, outcomes, reach per target
group from the activities that serve the aim); planned versus realised, hours and budget;
the community's and partners' reflection (member check, consent-checked); lessons (written
down in the registry, beside the kit's prompts from the figures); recommendations for the
project; continuation after the subsidy; limitations.

>>> decision_proposal(["voldoet", "voldoet niet", "beschrijvend"])["decision"]
'bijsturen'
>>> decision_proposal(["voldoet", "voldoet"])["decision"]
'voortzetten'
"""

from __future__ import annotations

from typing import Any

from kit.evaluation.numbers import agree, count, display_value, euro, number, percent

__all__ = ["REQUIREMENTS", "decision_proposal", "registry_facts", "build_sections",
           "reflection_quotes", "written_lessons", "theory_links"]

#: The ministry's four requirements for the knowledge agenda (opdrachtbrief, in the kit's own
#: words): id (:data:`kit.evaluation.indicators.REQUIREMENTS`), title and text. The indicators
#: under a requirement are those that declare it (:attr:`Indicator.evidences`).
REQUIREMENTS: tuple[tuple[str, str, str], ...] = (
    ("samenwerking", "Gelijkwaardige samenwerking",
     "Gemeenten, onderwijs en onderzoek, zorg en welzijn en organisaties van burgers, "
     "vrijwilligers en cliënten maken de agenda samen en als gelijken."),
    ("praktijkvragen", "Actuele praktijkvragen",
     "De agenda beantwoordt vragen die nu in de praktijk van het sociaal domein spelen, door "
     "kennis te delen, samen nieuwe werkwijzen te ontwikkelen en samen te reflecteren."),
    ("agenda", "Dynamische agenda",
     "De agenda beweegt mee: een programma op hoofdlijnen, met zicht op wie wat inbrengt en "
     "welke resultaten de partners willen halen."),
    ("onderwijs", "Doorwerking in het onderwijs",
     "Het werk van de Werkplaats komt terug in het onderwijs van de hogescholen."),
)

def decision_proposal(comparisons: list[str]) -> dict[str, Any]:
    """The decision the criteria point to: ``bijsturen`` when a criterion is not met, else
    ``voortzetten``; with the counts in words. People decide; this is the criteria's reading.

    >>> decision_proposal(["voldoet niet"])["text"]
    'Volgens de criteria: bijsturen. 1 criterium voldoet niet, 0 criteria voldoen.'
    """
    met = comparisons.count("voldoet")
    failed = comparisons.count("voldoet niet")
    other = len(comparisons) - met - failed
    decision = "bijsturen" if failed else "voortzetten"
    text = (f"Volgens de criteria: {decision}. {count(failed, 'criterium', 'criteria')} "
            f"{agree(failed, 'voldoet', 'voldoen')} niet, {count(met, 'criterium', 'criteria')} "
            f"{agree(met, 'voldoet', 'voldoen')}.")
    if other:
        text = text[:-1] + (f"; {count(other, 'criterium is', 'criteria zijn')} beschrijvend, "
                            "verborgen of zonder gegevens.")
    if not comparisons:
        text = ("Er zijn geen criteria (blad 'Criteria' van het register): de kit kan het bewijs "
                "nergens naast zetten.")
    return {"decision": decision if comparisons else "", "met": met, "failed": failed,
            "other": other, "text": text}


def _trend_rows(trend) -> dict[str, dict[str, Any]]:
    return {row["indicator_id"]: row for row in trend.to_dict("records")}


def _unit(indicators, indicator_id: str) -> str:
    rows = indicators[indicators["indicator_id"] == indicator_id]
    return str(rows["unit"].iloc[0]) if len(rows) else ""


def _indicator_line(row: dict[str, Any], unit: str) -> list[str]:
    first = display_value(row["first_value"], unit)
    last = display_value(row["last_value"], unit)
    same = row["first_period"] == row["last_period"]
    return [row["name"], "" if same else f"{first} ({row['first_period']})",
            f"{last} ({row['last_period']})", "" if same else (row.get("direction") or "")]


_INDICATOR_HEADERS = ["indicator", "eerste periode", "laatste periode", "richting"]


def _indicator_table(ids: list[str], trend_rows, indicators) -> dict[str, Any]:
    rows = [_indicator_line(trend_rows[i], _unit(indicators, i)) for i in ids if i in trend_rows]
    return {"headers": _INDICATOR_HEADERS, "rows": rows}


def reflection_quotes(registry, scan=None) -> tuple[list[dict[str, str]], list[str]]:
    """Member-check quotes that may be published: consent given and nothing personal found.

    Args:
        registry: the registry (sheet ``Reflectie`` optional).
        scan: ``text -> list of findings``; default the kit's egress gate
            (:func:`kit.privacy.gate.check_text`).

    Returns:
        ``(quotes, notes)``: the publishable quotes (date, party type, subject, quote) and Dutch
        notes on what was left out.
    """
    sheet = registry.tables.get("Reflectie") if registry is not None else None
    if sheet is None or sheet.empty:
        return [], []
    if scan is None:  # the kit's egress gate (deduce on, no weaker fallback)
        from kit.privacy.gate import check_text

        def scan(text: str) -> list[str]:
            return [f.category for f in check_text(text)]

    quotes, notes = [], []
    without = sheet[sheet["toestemming"] != "ja"]
    if len(without):
        notes.append(f"{count(len(without), 'citaat', 'citaten')} zonder toestemming "
                     f"{agree(len(without), 'is', 'zijn')} niet opgenomen.")
    for record in sheet[sheet["toestemming"] == "ja"].sort_values(["datum", "id"]).to_dict("records"):
        found = scan(f"{record['onderwerp']}\n{record['citaat']}")
        if found:
            notes.append(f"Citaat {record['id']} is niet opgenomen: de privacyscan vond "
                         f"{', '.join(sorted(set(found)))}. Pseudonimiseer het eerst.")
            continue
        quotes.append({"datum": record["datum"], "wie": record["partij_type"],
                       "onderwerp": record["onderwerp"], "citaat": record["citaat"]})
    return quotes, notes


def written_lessons(sheet, scan=None) -> tuple[list[dict[str, str]], list[str]]:
    """The lessons people wrote down (registry sheet ``Lessen``) that may be published:
    nothing personal found by the privacy gate; in date order.

    Args:
        sheet: the sheet (or ``None``).
        scan: ``text -> list of findings``; default the kit's egress gate.

    Returns:
        ``(lessons, notes)``: records with ``datum, doel, les, gevolg, wie`` and Dutch notes on
        what was held back.
    """
    if sheet is None or sheet.empty:
        return [], []
    if scan is None:  # the kit's egress gate (deduce on, no weaker fallback)
        from kit.privacy.gate import check_text

        def scan(text: str) -> list[str]:
            return [f.category for f in check_text(text)]

    from kit.evaluation.registry import AIMS

    aims = dict(AIMS)
    lessons, notes = [], []
    for record in sheet.sort_values(["datum", "id"], kind="stable").to_dict("records"):
        found = scan(f"{record['les']}\n{record.get('gevolg') or ''}")
        if found:
            notes.append(f"Les {record['id']} is niet opgenomen: de privacyscan vond "
                         f"{', '.join(sorted(set(found)))}. Pseudonimiseer haar eerst.")
            continue
        lessons.append({"datum": record["datum"], "doel": aims.get(record.get("doel") or "", ""),
                        "les": record["les"], "gevolg": record.get("gevolg") or "",
                        "wie": record.get("partij_type") or ""})
    return lessons, notes


def theory_links(theory) -> dict[str, list[str]]:
    """The indicators each link of the theory of change declares as its evidence.

    >>> import pandas as pd
    >>> theory_links(pd.DataFrame({"id": ["L1"], "indicatoren": ["a; b"]}))
    {'L1': ['a', 'b']}
    """
    if theory is None or len(theory) == 0:
        return {}
    return {str(link): [i.strip() for i in str(ids).split(";") if i.strip()]
            for link, ids in zip(theory["id"], theory["indicatoren"], strict=True)}


def _planning(sheet) -> dict[str, Any]:
    if sheet is None or sheet.empty:
        return {"headers": [], "rows": []}
    from kit.evaluation.registry import AIMS

    aims = dict(AIMS)
    rows = []
    for r in sheet.to_dict("records"):
        done = r["gerealiseerd"]
        has = done is not None and done == done
        share = percent(done / r["gepland"]) if has and r["gepland"] else ""
        rows.append([aims.get(r["doel"], r["doel"]), r["onderdeel"], number(r["gepland"], 1, trim=True),
                     number(done, 1, trim=True) if has else "nog onbekend", share,
                     r["toelichting"]])
    return {"headers": ["doel", "onderdeel", "gepland", "gerealiseerd", "gerealiseerd deel",
                        "toelichting"], "rows": rows}


def _budget(sheet) -> dict[str, Any]:
    if sheet is None or sheet.empty:
        return {"headers": [], "rows": []}

    def total(frame, column):
        values = frame[column].dropna()
        return float(values.sum()) if len(values) else None

    rows = []
    for year, frame in sheet.groupby("jaar", sort=True):
        cells = [str(year)]
        for planned, spent, fmt in (("uren_begroot", "uren_besteed", number),
                                    ("budget_begroot", "budget_besteed", euro)):
            p, s = total(frame, planned), total(frame, spent)
            cells += ["" if p is None else fmt(p), "" if s is None else fmt(s),
                      percent(s / p) if p and s is not None else ""]
        rows.append(cells)
    return {"headers": ["jaar", "uren begroot", "uren besteed", "uren: deel besteed",
                        "budget begroot", "budget besteed", "budget: deel besteed"], "rows": rows}


def registry_facts(registry) -> dict[str, Any]:
    """The few numbers and dates of the registry the sections use (no text of people)."""
    if registry is None:
        return {}
    projects = registry["Deelprojecten"]
    return {"window": list(getattr(registry, "window", ("", "")) or ("", "")),
            "running": int(projects["status"].isin(["lopend", "idee"]).sum()),
            "changes": int((projects["wijziging"] != "").sum()),
            "partners": int((registry["Deelnemers"]["vorm"] == "Samenwerkingspartner").sum()),
            "used_in_education": int((registry["Producten"]["gebruikt_in_onderwijs"] == "ja").sum()),
            "missing_sheets": [name for name in ("Project", "Planning", "Uren en budget",
                                                 "Reflectie", "Lessen")
                               if name not in registry.tables or registry.tables[name].empty]}


def _aim_conclusion(ids: list[str], rows: dict[str, dict[str, Any]], decision) -> str:
    """One Dutch conclusion for an aim: how its indicators moved and what its criteria say.

    >>> _aim_conclusion(["a"], {"a": {"direction": "hoger", "first_period": "jaar 1",
    ...                               "last_period": "jaar 2"}}, __import__("pandas").DataFrame(
    ...     columns=["criterion_id", "indicator_id", "comparison"]))
    'Conclusie: 1 indicator steeg. Er is geen criterium voor dit doel: de partners wegen de cijfers zelf.'
    """
    moved = [rows[i].get("direction") or "" for i in ids
             if i in rows and rows[i]["first_period"] != rows[i]["last_period"]]
    parts = []
    for word, one, many in (("hoger", "steeg", "stegen"), ("lager", "daalde", "daalden"),
                            ("gelijk", "bleef gelijk", "bleven gelijk"),
                            ("niet te bepalen", "is niet te bepalen (verborgen)",
                             "zijn niet te bepalen (verborgen)")):
        n = moved.count(word)
        if n:
            parts.append(f"{count(n, 'indicator', 'indicatoren')} {agree(n, one, many)}")
    if not moved:
        parts.append("geen gegevens over twee periodes" if not any(i in rows for i in ids)
                     else "nog geen verloop over twee periodes")
    text = "Conclusie: " + ", ".join(parts) + "."
    judged = [(r["criterion_id"], r["comparison"]) for r in decision.to_dict("records")
              if r["indicator_id"] in ids]
    if not judged:
        return text + (" Er is geen criterium voor dit doel: de partners wegen de cijfers "
                       "zelf.")
    text += " Criteria: " + ", ".join(f"{c} {comparison}" for c, comparison in judged) + "."
    if any(comparison == "voldoet niet" for _c, comparison in judged):
        return text + " Volgens de criteria vraagt dit doel bijsturen."
    if all(comparison == "voldoet" for _c, comparison in judged):
        return text + " Volgens de criteria is dit doel op koers."
    return text + " De criteria geven geen volledig oordeel (beschrijvend, verborgen of zonder " \
                  "gegevens)."


def build_sections(tables: dict[str, Any], facts: dict[str, Any] | None = None, *,
                   notes: list[str] | None = None,
                   theory: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Every evaluator's section, from the published tables.

    Args:
        tables: the report's tables after the disclosure pass and the privacy gate
            (``trend``, ``indicators``, ``decision``, ``contribution``, ``participation``,
            ``attendance``, ``recommendations``, and ``planning``, ``budget``, ``reflection``,
            ``lessons`` from the registry's optional sheets).
        facts: :func:`registry_facts` (empty without a registry).
        notes: the report's notes (used for limitations).
        theory: the indicators each link of the theory of change declares
            (:func:`theory_links`): a link is evidence for a requirement when one of its
            indicators evidences that requirement.

    Returns:
        ``{"summary": {...}, "sections": [{"id", "title", "paragraphs", "tables"}]}``.
    """
    from kit.evaluation.indicators import aim_indicators, get, registered

    facts = facts or {}
    theory = theory or {}
    trend = tables["trend"]
    indicators = tables["indicators"]
    decision = tables["decision"]
    contribution = tables["contribution"]
    rows = _trend_rows(trend)
    comparisons = list(decision["comparison"]) if len(decision) else []
    proposal = decision_proposal(comparisons)
    driving = [f"{r['criterion_id']}: {str(r['criterion']).rstrip('.')} (gemeten "
               f"{display_value(r['latest_value'])}"
               f"{', drempel ' + display_value(r['threshold']) if r['threshold'] else ''})"
               for r in decision.to_dict("records") if r["comparison"] == "voldoet niet"]
    summary_paragraphs = [proposal["text"]]
    if driving:
        summary_paragraphs.append("Deze criteria geven de doorslag: " + "; ".join(driving) + ".")
    summary_paragraphs.append("Dit is de lezing van de criteria, geen besluit: de partners wegen "
                              "het bewijs, de verhalen van verandering en de reflectie van de "
                              "community en besluiten samen of de route wordt voortgezet of "
                              "bijgestuurd.")
    sections = []

    # the ministry's four requirements: the indicators that declare one, the criteria on those
    # indicators, the links of the theory whose declared indicators include one of them
    names = {i.id: i.name for i in registered()}
    for requirement, title, text in REQUIREMENTS:
        ids = [i.id for i in registered() if requirement in i.evidences and i.id in rows]
        crit = [[r["criterion_id"], r["criterion"], display_value(r["latest_value"]),
                 display_value(r["threshold"]), r["comparison"]]
                for r in decision.to_dict("records") if r["indicator_id"] in ids]
        links = []
        for r in contribution.to_dict("records"):
            via = [i for i in theory.get(str(r["link_id"]), []) if i in ids]
            if via:
                links.append([r["link_id"], r["cause"], r["effect"],
                              ", ".join(names.get(i, i) for i in via), r["evidence_status"]])
        paragraphs = [text]
        if not crit:
            paragraphs.append("Er is geen criterium van de evaluatoren voor deze eis.")
        if not links:
            paragraphs.append("Geen schakel van de veranderingstheorie noemt een indicator "
                              "van deze eis.")
        sections.append({"id": f"eis-{requirement}", "title": f"Eis van het ministerie: {title}",
                         "paragraphs": paragraphs,
                         "tables": [{"caption": "Indicatoren", **_indicator_table(ids, rows, indicators)},
                                    {"caption": "Criteria", "headers": ["id", "criterium", "gemeten",
                                                                        "drempel", "vergelijking"],
                                     "rows": crit},
                                    {"caption": "Bewijs uit de bijdrage-analyse",
                                     "headers": ["schakel", "van", "naar", "via de indicatoren",
                                                 "stand van het bewijs"],
                                     "rows": links}]})

    # the project's aims: outputs, outcomes, reach per target group
    from kit.evaluation.registry import ACTIVITY_AIMS, AIMS

    planning = _planning(tables.get("planning"))
    attendance_rows = tables["attendance"].to_dict("records")
    merged = any(r["activity_type"] == "overig" for r in attendance_rows)
    for aim, title in AIMS:
        outputs, outcomes = aim_indicators(aim, "prestatie"), aim_indicators(aim, "resultaat")
        planned = [r for r in planning["rows"] if r[0] == title]
        kinds = [kind for kind, aims in ACTIVITY_AIMS.items() if aim in aims]
        # reach: the published attendance cells as they are (never summed into a new count)
        reach = [[r["period"], r["activity_type"], r["party_type"],
                  display_value(r["attendance"])]
                 for r in attendance_rows if r["activity_type"] in kinds]
        paragraphs = []
        if kinds:
            paragraphs.append("Bereik: de opkomst per doelgroep bij de activiteiten die bij dit "
                              f"doel horen ({', '.join(kinds)}), zoals in de tabel met opkomst."
                              + (" Soorten activiteiten met weinig aanwezigen zijn samengevoegd "
                                 "tot 'overig' en zijn hier niet aan een doel toe te wijzen."
                                 if merged else ""))
        paragraphs.insert(0, _aim_conclusion(outputs + outcomes, rows, decision))
        # indicators that declare their value the aim's reach in a target group
        for found in (get(i) for i in outputs + outcomes):
            if found.aim.reach and found.id in rows:
                group, who = found.aim.reach
                row = rows[found.id]
                for side in ("first", "last"):
                    line = [row[f"{side}_period"], f"{group} ({found.per})", group,
                            display_value(row[f"{side}_value"])]
                    if line not in reach:
                        reach.append(line)
                paragraphs.append(f"Bereik: {who} per {found.per}.")
        sections.append({"id": f"doel-{aim}", "title": f"Doel: {title}", "paragraphs": paragraphs,
                         "tables": [{"caption": "Prestaties (wat er gedaan en gemaakt is)",
                                     **_indicator_table(outputs, rows, indicators)},
                                    {"caption": "Resultaten (wat het opleverde)",
                                     **_indicator_table(outcomes, rows, indicators)},
                                    {"caption": "Bereik per doelgroep",
                                     "headers": ["periode", "activiteit", "doelgroep", "aantal"],
                                     "rows": reach},
                                    {"caption": "Gepland en gerealiseerd",
                                     "headers": planning["headers"], "rows": planned}]})
    reach = [[r["period"], r["party_type"], display_value(r["participants"])]
             for r in tables["participation"].to_dict("records")]
    sections.append({"id": "bereik", "title": "Bereik per doelgroep",
                     "paragraphs": ["Deelnemers per soort partij en projectjaar (elke deelnemer één "
                                    "keer per jaar, hoe vaak die ook meedeed). De community zelf is "
                                    "de doelgroep van het project; de andere partijen zijn de "
                                    "professionals en instellingen die het project wil bereiken. "
                                    "Het bereik per doel staat bij elk doel hierboven."],
                     "tables": [{"caption": "Deelnemers per doelgroep",
                                 "headers": ["periode", "soort partij", "deelnemers"],
                                 "rows": reach}]})

    # planned versus realised; hours and budget
    budget = _budget(tables.get("budget"))
    paragraphs = []
    if not planning["rows"]:
        paragraphs.append("Het register heeft geen blad 'Planning': wat gepland was, staat niet "
                          "naast wat er kwam.")
    if not budget["rows"]:
        paragraphs.append("Het register heeft geen blad 'Uren en budget': uren en geld ontbreken "
                          "in dit rapport.")
    sections.append({"id": "planning", "title": "Gepland en gerealiseerd, uren en budget",
                     "paragraphs": paragraphs,
                     "tables": [{"caption": "Gepland en gerealiseerd", **planning},
                                {"caption": "Uren en budget per jaar", **budget}]})

    # the community's and partners' own reflection
    reflection = tables.get("reflection")
    quotes = [] if reflection is None else reflection.to_dict("records")
    paragraphs = []
    if not quotes:
        paragraphs.insert(0, "Er zijn (nog) geen citaten van de community of partners met "
                             "toestemming (blad 'Reflectie'). Vraag hun oordeel over de resultaten "
                             "(member check) voordat het besluit valt.")
    sections.append({"id": "reflectie", "title": "Reflectie van de community en de partners",
                     "paragraphs": paragraphs, "quotes": quotes, "tables": []})

    # lessons: what people wrote down (sheet Lessen), then the kit's prompts from the figures
    lower = [r["name"] for r in trend.to_dict("records") if r.get("direction") == "lager"]
    weak = [f"{r['link_id']} ({r['cause']} → {r['effect']})"
            for r in contribution.to_dict("records") if r["evidence_status"] == "geen bewijs"]
    changes = facts.get("changes", 0)
    lessons_table = tables.get("lessons")
    written = [] if lessons_table is None or lessons_table.empty else \
        lessons_table.to_dict("records")
    prompts = []
    if lower:
        prompts.append(f"Gedaald van de eerste naar de laatste periode: {', '.join(lower)}.")
    if weak:
        prompts.append("Voor deze schakels van de veranderingstheorie is geen bewijs: "
                       f"{', '.join(weak)}.")
    if changes:
        prompts.append(f"{count(int(changes), 'deelproject veranderde', 'deelprojecten veranderden')}"
                       " onderweg van koers; lees de redenen in de tabel met deelprojecten.")
    if not prompts:
        prompts.append("Geen indicator daalde en elke schakel heeft bewijs; bespreek wat daar "
                       "ondanks goede cijfers toch te leren valt.")
    lesson_paragraphs = []
    if not written:
        lesson_paragraphs.append("Er zijn (nog) geen lessen vastgelegd (blad 'Lessen' van het "
                                 "register). Schrijf op wat het team, de community en de "
                                 "partners leerden, voordat het besluit valt.")
    lesson_paragraphs.append("Aandachtspunten uit de cijfers (door de kit gemaakt, geen lessen "
                             "van mensen): " + " ".join(prompts))
    sections.append({"id": "lessen", "title": "Wat er te leren valt",
                     "paragraphs": lesson_paragraphs,
                     "tables": [{"caption": "Lessen uit het register (blad 'Lessen')",
                                 "headers": ["datum", "doel", "les", "wat er anders gaat", "wie"],
                                 "rows": [[r["datum"], r["doel"], r["les"], r["gevolg"], r["wie"]]
                                          for r in written]}] if written else []})
    recommendations = [f"Stuur bij op {r['criterion_id']}: {str(r['criterion']).rstrip('.')}"
                       for r in decision.to_dict("records") if r["comparison"] == "voldoet niet"]
    recommendations += [f"Verzamel bewijs voor schakel {w}" for w in weak]
    if any(r["comparison"] == "geen gegevens" for r in decision.to_dict("records")):
        recommendations.append("Verzamel en noteer wat nodig is voor de criteria zonder gegevens")
    if not quotes:
        recommendations.append("Vraag de community en de partners om hun eigen oordeel over de "
                               "resultaten en neem dat op in het register (blad 'Reflectie')")
    recommendations.append("Houd het register elk kwartaal bij, met de bron van elk gegeven")
    handreikingen = tables["recommendations"]
    sections.append({"id": "aanbevelingen", "title": "Aanbevelingen voor het project",
                     "paragraphs": [r + "." for r in recommendations]
                     + (["Daarnaast schreven studenten handreikingen met aanbevelingen voor "
                         "professionals (zie de tabel met aanbevelingen); die gaan over het "
                         "werkveld, niet over dit project."] if len(handreikingen) else []),
                     "tables": []})
    continuation = []
    if facts:
        last = facts["window"][1]
        running, durable, used = facts["running"], facts["partners"], facts["used_in_education"]
        period = f"De projectperiode loopt tot en met {last}. " if last else ""
        continuation.append(f"{period}Op dit moment "
                            f"{agree(running, 'loopt of wacht', 'lopen of wachten')} "
                            f"{count(running, 'deelproject', 'deelprojecten')}; het register "
                            f"telt {count(durable, 'samenwerkingspartner', 'samenwerkingspartners')}"
                            f" (als vorm van meedoen) en "
                            f"{count(used, 'product', 'producten')} die in het onderwijs "
                            f"{agree(used, 'wordt', 'worden')} gebruikt.")
        continuation.append("Bespreek per deelproject wie het na de subsidie draagt (een partner, "
                            "de minor, de community zelf) en met welk geld; wat in het onderwijs "
                            "is ingebed, loopt het makkelijkst door.")
    else:
        continuation.append("Zonder register is niet te zeggen wat na de subsidie doorloopt.")
    sections.append({"id": "na-de-subsidie", "title": "Na de subsidie", "paragraphs": continuation,
                     "tables": []})
    limits = ["Bijdrage-analyse laat zien of het bewijs past bij de veronderstelde schakels; het "
              "bewijst geen oorzaak. Andere verklaringen (beleid, geld, personen) wegen de "
              "partners zelf.",
              "De aantallen uit het register zijn zo volledig als het register: wat niet is "
              "vastgelegd, telt niet mee.",
              "Aantallen van minder dan de drempel zijn verborgen; kleine groepen zijn daardoor "
              "minder zichtbaar dan hun belang.",
              "Leeruitkomsten komen uit de beoordelingen in nbgrader; een notebook dat niet is "
              "ingeleverd, telt als 0 punten.",
              "Een narratief kan meer thema's hebben: de aantallen per thema tellen op tot meer "
              "dan het aantal narratieven."]
    missing = facts.get("missing_sheets", ["het hele register"])
    if missing:
        limits.append("Deze bladen van het register ontbreken of zijn leeg: "
                      + ", ".join(missing) + ".")
    limits += [n for n in (notes or []) if "register" in n.lower() and "Jaar" in n]
    sections.append({"id": "beperkingen", "title": "Beperkingen", "paragraphs": limits,
                     "tables": []})
    return {"summary": {**proposal, "paragraphs": summary_paragraphs}, "sections": sections}
