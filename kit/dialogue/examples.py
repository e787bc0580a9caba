"""Synthetic examples for the modules, tests and demo: a stakeholder map, a record, a handreiking.

Everything here is invented for the course (synthetisch): parties are types of
organisation, participants are codes, and no real person is described. Two
worked cases follow the programme's first groups: sex workers and Polish
labour migrants in The Hague.

>>> parties = example_stakeholders("sekswerkers")
>>> len(parties), parties[0].type
(9, 'gemeenschap')
>>> example_record("arbeidsmigranten").agreements[0].owner
'gemeente, team arbeidsmigratie'
"""

from __future__ import annotations

from kit.dialogue.record import LiveRecord, Record
from kit.dialogue.stakeholders import Invitation, ParticipationPlan, Relation, Stakeholder

__all__ = ["CASES", "example_stakeholders", "example_relations", "example_participation",
           "example_record", "example_content", "example_counter_story", "example_narratives",
           "example_codings", "practice_vault"]

#: The worked cases (community key -> Dutch description).
CASES = {"sekswerkers": "sekswerkers in Den Haag (synthetisch voorbeeld)",
         "arbeidsmigranten": "Poolse arbeidsmigranten in Den Haag (synthetisch voorbeeld)"}


def _check(case: str) -> str:
    if case not in CASES:
        from kit.errors import InputError

        raise InputError(f"onbekend voorbeeld '{case}'; kies uit: {', '.join(CASES)}")
    return case


def example_stakeholders(case: str = "sekswerkers") -> list[Stakeholder]:
    """A synthetic stakeholder map for one of :data:`CASES`."""
    if _check(case) == "sekswerkers":
        return [
            Stakeholder("s1", "Sekswerkers (raamwerk en thuiswerk)", "gemeenschap", 2, 5,
                        "worden bij bank, verhuurder en hulpverlening vaak weggestuurd", "uitgenodigd"),
            Stakeholder("s2", "Belangenorganisatie van sekswerkers", "belangenorganisatie", 3, 5,
                        "brengt ervaringen van sekswerkers naar beleid", "aan tafel"),
            Stakeholder("s3", "Gemeente, team sekswerkbeleid", "gemeente", 5, 4,
                        "maakt vergunningenbeleid dat toegang tot werkplekken bepaalt", "uitgenodigd"),
            Stakeholder("s4", "Gemeenteraad (commissie Samenleving)", "politiek", 5, 2,
                        "besluit over regels en budget", "ontbreekt"),
            Stakeholder("s5", "Banken en verzekeraars", "bedrijfsleven", 4, 1,
                        "weigeren of sluiten rekeningen van sekswerkers", "ontbreekt"),
            Stakeholder("s6", "GGD, spreekuur seksuele gezondheid", "zorg en welzijn", 3, 4,
                        "zorg die sekswerkers wel vertrouwen", "aan tafel"),
            Stakeholder("s7", "Sociaal werk in de wijk", "zorg en welzijn", 2, 4,
                        "ziet van dichtbij hoe oordelen uit de omgeving uitsluiting verdiepen", "uitgenodigd"),
            Stakeholder("s8", "Politie, zedenteam", "politie", 4, 3,
                        "controle kan veiligheid geven of juist wantrouwen", "uitgenodigd"),
            Stakeholder("s9", "Lectoraat van de hogeschool", "onderwijs en onderzoek", 2, 4,
                        "onderzoekt samen met de gemeenschap", "aan tafel"),
        ]
    return [
        Stakeholder("s1", "Poolse arbeidsmigranten", "gemeenschap", 1, 5,
                    "wonen via de werkgever en verliezen werk en huis tegelijk", "uitgenodigd"),
        Stakeholder("s2", "Poolse vrouwenvereniging", "belangenorganisatie", 2, 5,
                    "vangt nieuwkomers op, kent de sleutelpersonen", "aan tafel"),
        Stakeholder("s3", "Gemeente, team arbeidsmigratie", "gemeente", 5, 4,
                    "registratie, huisvesting en handhaving", "uitgenodigd"),
        Stakeholder("s4", "Uitzendbureaus", "bedrijfsleven", 4, 2,
                    "werkgever en verhuurder tegelijk", "ontbreekt"),
        Stakeholder("s5", "Gemeenteraad", "politiek", 5, 2, "besluit over huisvestingsbeleid", "ontbreekt"),
        Stakeholder("s6", "Huisartsen in de wijk", "zorg en welzijn", 2, 3,
                    "zorg is lastig zonder inschrijving en met een taalbarrière", "uitgenodigd"),
        Stakeholder("s7", "Buurtwerk", "zorg en welzijn", 2, 4, "contact met buren, spanning over overlast",
                    "aan tafel"),
        Stakeholder("s8", "Wijkagent", "politie", 3, 3, "wordt gebeld bij overlast, zelden door migranten zelf",
                    "uitgenodigd"),
        Stakeholder("s9", "Lectoraat van de hogeschool", "onderwijs en onderzoek", 2, 4,
                    "onderzoekt samen met de gemeenschap", "aan tafel"),
    ]


def example_relations(case: str = "sekswerkers") -> list[Relation]:
    """Synthetic relations between the parties of :func:`example_stakeholders`."""
    if _check(case) == "sekswerkers":
        return [Relation("s2", "s1", "vertegenwoordiging"), Relation("s5", "s1", "spanning",
                         "rekeningen opgezegd"), Relation("s3", "s1", "toezicht"),
                Relation("s8", "s1", "toezicht"), Relation("s3", "s6", "financiering"),
                Relation("s6", "s1", "samenwerking"), Relation("s7", "s6", "doorverwijzing"),
                Relation("s9", "s2", "samenwerking"), Relation("s4", "s3", "toezicht")]
    return [Relation("s2", "s1", "vertegenwoordiging"), Relation("s4", "s1", "afhankelijkheid",
                     "werk en woning bij dezelfde partij"), Relation("s3", "s4", "toezicht"),
            Relation("s7", "s1", "samenwerking"), Relation("s8", "s1", "spanning"),
            Relation("s6", "s1", "samenwerking"), Relation("s9", "s2", "samenwerking"),
            Relation("s5", "s3", "toezicht")]


def example_participation(case: str = "sekswerkers") -> ParticipationPlan:
    """A synthetic participation plan."""
    if _check(case) == "sekswerkers":
        return ParticipationPlan(
            "de huiskamer van de belangenorganisatie (vertrouwde plek, niet op het stadhuis)",
            "dinsdag 14.00-16.30 uur (tussen twee diensten)",
            [Invitation("s1", "persoonlijk, via twee sekswerkers die al meedoen", "studententeam"),
             Invitation("s3", "brief met het tegenverhaal en de vraag om te luisteren", "docent"),
             Invitation("s8", "via de gemeente, met de afspraak dat er niet gecontroleerd wordt"),
             Invitation("s7", "e-mail")],
            ["geen namen op de presentielijst en in het verslag", "deelnemen mag anoniem en met een "
             "schuilnaam", "geen foto's", "een vertrouwenspersoon is aanwezig"],
            ["Spaans", "Roemeens"], "reiskosten en een vergoeding voor de tijd; eten en drinken")
    return ParticipationPlan(
        "het buurthuis waar de vrouwenvereniging op zaterdag samenkomt", "zaterdag 11.00-13.30 uur",
        [Invitation("s1", "in het Pools, via de vrouwenvereniging en de Poolse winkel", "studententeam"),
         Invitation("s3", "brief met de thema's uit de analyse", "docent"),
         Invitation("s6", "telefonisch"), Invitation("s8", "via buurtwerk")],
        ["deelname staat los van werkgever en huisvesting: die zijn er niet bij",
         "geen namen in het verslag", "tolk van eigen keuze"],
        ["Pools"], "kinderopvang in de zaal ernaast; soep en broodjes")


def example_counter_story(case: str = "sekswerkers") -> str:
    """A short synthetic counter-story (answering a stock story from a policy text)."""
    if _check(case) == "sekswerkers":
        return ("Wij zijn geen probleem dat opgelost moet worden. We werken, betalen belasting en "
                "regelen veel zelf, maar bij de bank en de verhuurder worden we weggestuurd.")
    return ("We komen niet om te profiteren. We werken hard in de kassen en willen een eigen "
            "huis, zodat ons werk niet ook ons dak bepaalt.")


def example_record(case: str = "sekswerkers") -> Record:
    """A synthetic record of a dialogue table, built through :class:`LiveRecord`."""
    if _check(case) == "sekswerkers":
        rec = LiveRecord("Dialoogtafel: bankzaken en wonen voor sekswerkers", date="2027-01-14",
                         place="huiskamer van de belangenorganisatie")
        for code, party, role in [("D1", "gemeenschap", "sekswerker"), ("D2", "gemeenschap", "sekswerker"),
                                  ("D3", "gemeente", "beleidsadviseur"), ("D4", "zorg en welzijn",
                                  "verpleegkundige GGD"), ("D5", "politie", "wijkagent")]:
            rec.add_participant(code, party=party, role=role)
        s1 = rec.add_statement("Iedereen die legaal werkt, heeft recht op een bankrekening.",
                               theme="uitsluiting bij de bank", by="D1")
        s2 = rec.add_statement("De gemeente moet zelf met banken in gesprek.", theme="uitsluiting bij de bank",
                               by="D2")
        rec.add_position(s1, "eens", participant="D1", note="Ik moet nu alles contant doen.")
        rec.add_position(s1, "twijfel", participant="D5", note="Ik denk dat banken hun eigen regels hebben.")
        rec.add_position(s2, "eens", participant="D3")
        rec.record_vote(s2, votes_for=9, against=2, abstain=1)
        rec.add_minority_view(s2, "De gemeente is niet de baas over banken; beloof niets wat je niet "
                              "kunt waarmaken.", needs="Een eerlijk verslag van het gesprek, ook als het "
                              "niets oplevert.")
        a1 = rec.add_agreement("Rondetafelgesprek met twee banken over basisrekeningen",
                               owner="gemeente, team sekswerkbeleid", due="2027-04-01", statement=s2)
        rec.add_agreement("Sekswerkers bereiden het gesprek met de bank zelf mee voor",
                          owner="belangenorganisatie van sekswerkers", due="2027-03-15", statement=s2)
        rec.add_follow_up(a1, "Uitnodiging aan de banken versturen", due="2027-02-15", status="gedaan")
        return rec.record
    rec = LiveRecord("Dialoogtafel: werk en wonen los van elkaar", date="2027-01-14",
                     place="buurthuis")
    for code, party, role in [("D1", "gemeenschap", "arbeidsmigrant"), ("D2", "gemeenschap", "arbeidsmigrant"),
                              ("D3", "gemeente", "beleidsmedewerker"), ("D4", "zorg en welzijn", "buurtwerker")]:
        rec.add_participant(code, party=party, role=role)
    s1 = rec.add_statement("Een huurcontract mag niet afhangen van je arbeidscontract.",
                           theme="wonen via de werkgever", by="D1")
    s2 = rec.add_statement("Nieuwkomers krijgen in de eerste week uitleg in hun eigen taal.",
                           theme="toegang tot zorg en regels", by="D2")
    rec.add_position(s1, "eens", participant="D2", note="Ik verloor mijn kamer op dezelfde dag als mijn werk.")
    rec.record_vote(s1, votes_for=8, against=3)
    rec.add_minority_view(s1, "Zonder huisvesting via de werkgever is er voor velen helemaal geen kamer.",
                          needs="Eerst zicht op andere woonruimte voordat de regel verandert.")
    rec.record_vote(s2, votes_for=11, against=0, abstain=1)
    a1 = rec.add_agreement("Verkenning van een overgangstermijn van drie maanden bij ontslag",
                           owner="gemeente, team arbeidsmigratie", due="2027-05-01", statement=s1)
    rec.add_agreement("Welkomstbijeenkomst in het Pools, samen met de vrouwenvereniging",
                      owner="buurtwerk", due="2027-04-15", statement=s2)
    rec.add_follow_up(a1, "Gegevens over ontslag en dakloosheid opvragen", due="2027-03-01", status="bezig")
    return rec.record


def example_content(case: str = "sekswerkers", quotes: list[dict] | None = None) -> dict:
    """The content of a synthetic handreiking (as in ``inhoud.yaml``), linked to :func:`example_record`."""
    if _check(case) == "sekswerkers":
        return {
            "titel": "Bankzaken zonder drempels: een handreiking voor sociaal werkers",
            "beroepsgroep": "sociaal werkers", "auteurs": ["team 3 (synthetisch voorbeeld)"],
            "context": "Sekswerkers in Den Haag vertelden hoe zij bij banken, verhuurders en loketten "
                       "worden weggestuurd zodra hun beroep bekend wordt. Dat maakt hen afhankelijk van "
                       "contant geld en van tussenpersonen.",
            "analyse": "In de narratieven komt uitsluiting bij de bank het vaakst terug, naast trots op "
                       "het eigen werk en humor als manier om ermee om te gaan. Het dominante discours "
                       "spreekt vooral over overlast en slachtofferschap; de verhalen laten zelfstandige "
                       "vrouwen en mannen zien die hun zaken willen regelen.",
            "wat_de_gemeenschap_wil": "Gewoon klant kunnen zijn, zonder uitleg over het werk; zelf aan "
                                      "tafel zitten als er over hen wordt besloten.",
            "citaten": quotes or [],
            "aanbevelingen": [
                {"id": "R1", "tekst": "Vraag bij een hulpvraag over geld eerst wat iemand zelf al "
                                      "geprobeerd heeft, zonder te oordelen over het werk.",
                 "onderbouwing": "Meerdere narratieven en stelling S1 van de dialoogtafel.",
                 "minderheid": "Een deelnemer vond dat sociaal werkers het werk wél moeten bespreken "
                               "als het om veiligheid gaat.", "samen_met_gemeenschap": "ja"},
                {"id": "R2", "tekst": "Ga als sociaal werker mee naar het gesprek met de bank als "
                                      "iemand dat wil.",
                 "onderbouwing": "Afspraak A1 van de dialoogtafel.", "bron": "A1",
                 "samen_met_gemeenschap": "ja"},
            ],
            "reflectie": "",
        }
    return {
        "titel": "Werk en wonen los van elkaar: een handreiking voor beleidsmedewerkers",
        "beroepsgroep": "beleidsmedewerkers van de gemeente", "auteurs": ["team 5 (synthetisch voorbeeld)"],
        "context": "Poolse arbeidsmigranten wonen vaak in huisvesting van het uitzendbureau. Wie zijn "
                   "werk verliest, verliest ook zijn kamer.",
        "analyse": "Wonen via de werkgever en de taal van loketten zijn de sterkste thema's. Tegelijk "
                   "vertellen mensen over vriendschap, sparen voor een eigen huis en trots op hun werk.",
        "wat_de_gemeenschap_wil": "Een eigen huurcontract, uitleg in het Pools en een vast "
                                  "aanspreekpunt bij de gemeente.",
        "citaten": quotes or [],
        "aanbevelingen": [
            {"id": "R1", "tekst": "Onderzoek een overgangstermijn bij ontslag voordat de kamer wordt opgezegd.",
             "onderbouwing": "Stelling S1 en afspraak A1 van de dialoogtafel.", "bron": "S1",
             "samen_met_gemeenschap": "ja"},
            {"id": "R2", "tekst": "Organiseer welkomstbijeenkomsten in het Pools, samen met de vereniging.",
             "onderbouwing": "Stelling S2 werd bijna unaniem gesteund.", "bron": "S2",
             "minderheid": "Er was geen minderheid (één onthouding).", "samen_met_gemeenschap": "ja"},
        ],
        "reflectie": "",
    }


def example_narratives():
    """A handful of synthetic, already pseudonymised narratives (id, participant, community, text).

    >>> bool(example_narratives()["synthetic"].all())
    True
    """
    import pandas as pd

    rows = [
        ("n1", "P01", "sekswerkers", "Bij de bank vroegen ze wat voor werk ik doe. Een week later "
         "was mijn rekening opgezegd. Ik betaal gewoon belasting, net als iedereen."),
        ("n2", "P02", "sekswerkers", "Met de meiden van het werk lachen we om de vragen van klanten. "
         "Dat houdt ons overeind als de buren weer klagen."),
        ("n3", "P03", "sekswerkers", "Bij de GGD word ik gewoon geholpen, zonder preek. Daar kom ik "
         "graag terug."),
        ("n4", "P04", "arbeidsmigranten", "Ik verloor mijn werk en mijn kamer op dezelfde dag. De "
         "kamer was van het uitzendbureau."),
        ("n5", "P05", "arbeidsmigranten", "Op zaterdag koken we samen bij de vereniging. Daar hoor ik "
         "wat je moet doen bij de gemeente."),
        ("n6", "P06", "arbeidsmigranten", "De huisarts sprak geen Pools en ik te weinig Nederlands. Mijn "
         "dochter van twaalf moest vertalen."),
    ]
    frame = pd.DataFrame(rows, columns=["id", "participant", "community", "text"])
    frame["synthetic"] = True
    return frame


def example_codings():
    """Synthetic codings of :func:`example_narratives` (document, start, end, code, coder, memo).

    >>> codings = example_codings()
    >>> texts = dict(zip(example_narratives()["id"], example_narratives()["text"]))
    >>> texts["n4"][int(codings.loc[5, "start"]):int(codings.loc[5, "end"])]
    'mijn werk en mijn kamer op dezelfde dag'
    """
    import pandas as pd

    texts = dict(zip(example_narratives()["id"], example_narratives()["text"], strict=True))
    picks = [("n1", "was mijn rekening opgezegd", "uitsluiting bij de bank"),
             ("n1", "Ik betaal gewoon belasting", "trots op werk"),
             ("n2", "lachen we", "humor en vriendschap"),
             ("n2", "de buren weer klagen", "oordeel van de omgeving"),
             ("n3", "zonder preek", "toegang tot zorg"),
             ("n4", "mijn werk en mijn kamer op dezelfde dag", "wonen via de werkgever"),
             ("n5", "koken we samen", "humor en vriendschap"),
             ("n6", "Mijn dochter van twaalf moest vertalen", "toegang tot zorg")]
    rows = []
    for doc, passage, code in picks:
        start = texts[doc].index(passage)
        rows.append({"document": doc, "start": start, "end": start + len(passage), "code": code,
                     "coder": "voorbeeld", "memo": "synthetisch voorbeeld"})
    return pd.DataFrame(rows)


def practice_vault(folder=None):
    """A practice vault with a synthetic consent register for :func:`example_narratives`.

    P01, P03 and P04 consented to publication; P02, P05 and P06 only to education.

    Args:
        folder: where to make it (default: a new private temporary folder outside any repository).

    Returns:
        The :class:`kit.privacy.vault.Vault`.
    """
    import hashlib
    import tempfile
    from pathlib import Path

    from kit.privacy.consent import ConsentRegister
    from kit.privacy.vault import open_vault

    target = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="oefenkluis-")) / "kluis"
    vault = open_vault(target)
    register = ConsentRegister(vault)
    digest = hashlib.sha256(b"synthetisch toestemmingsformulier").hexdigest()
    for code in ("P01", "P02", "P03", "P04", "P05", "P06"):
        if register.get(code) is None:
            purposes = ["onderwijs", "publicatie"] if code in {"P01", "P03", "P04"} else ["onderwijs"]
            register.add(code, "oefen-v1", "2025-10-01", digest, purposes, "2030-12-31")
    return vault
