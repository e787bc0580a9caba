"""The kit's default theory of change (the registry's sheet ``Veranderingstheorie``).

A theory of change is a list of claimed links (``van`` -> ``naar``) with the assumption
behind each and the indicators that give evidence (ids of
:mod:`kit.evaluation.indicator_registry`). The registry's template and synthetic registry
and the contribution analysis (:mod:`kit.evaluation.contribution`) read it from here.

>>> default_theory()["id"].tolist()[:3]
['L1', 'L2', 'L3']
"""

from __future__ import annotations

__all__ = ["THEORY_COLUMNS", "default_theory"]

THEORY_COLUMNS = ["id", "van", "naar", "aanname", "risico", "indicatoren"]

_DEFAULT_THEORY = [
    ("L1", "Activiteiten van de Werkplaats (kenniscafés, bijeenkomsten, symposia)",
     "Gelijkwaardige samenwerking van gemeente, onderwijs, zorg en welzijn, burgers en de community",
     "Wie elkaar regelmatig en op gelijke voet ontmoet, gaat samenwerken.",
     "Dezelfde mensen komen steeds; de community is te gast in plaats van partner.",
     "activiteiten_aantal;samenwerking_partijtypen;samenwerking_community_deelnemers;"
     "samenwerking_opkomst_community_aandeel"),
    ("L2", "Gelijkwaardige samenwerking", "Actuele praktijkvragen worden opgepakt",
     "Partners en de community brengen hun eigen vragen in.",
     "Vragen komen vooral van de instellingen zelf.",
     "praktijkvragen_deelprojecten;praktijkvragen_aandeel;praktijkvragen_community_eigenaar"),
    ("L3", "Praktijkvragen uit de samenwerking", "Een dynamische kennisagenda",
     "Nieuwe vragen en ervaringen veranderen de koers van deelprojecten.",
     "Koerswijzigingen komen door geld of personeel, niet door nieuwe vragen.",
     "agenda_wijzigingen;agenda_nieuwe_themas;agenda_afgerond"),
    ("L4", "Studenten verzamelen narratieven en organiseren dialoogtafels",
     "Afspraken tussen partijen en handreikingen met adviezen",
     "Verhalen uit de community openen het gesprek met professionals.",
     "Afspraken blijven op papier; de community haakt af na de minor.",
     "narratieven_aantal;dialoog_afspraken;handreiking_aanbevelingen"),
    ("L5", "De minor Inclusiviteit in de Stad", "Studenten leren inclusief onderzoeken en samenwerken",
     "Onderzoek met de community en reflectie leveren leerwinst op.",
     "Cijfers meten vooral schrijfvaardigheid.",
     "doorwerking_studenten;leeruitkomst_gemiddeld"),
    ("L6", "Producten van de Werkplaats (4 O's)", "Doorwerking in het onderwijs",
     "Docenten gebruiken producten van de Werkplaats in hun modules.",
     "Producten worden gemaakt maar niet gebruikt.",
     "doorwerking_producten_onderwijs;doorwerking_onderwijsmodules;doorwerking_opdrachten"),
    ("L7", "Afspraken en handreikingen", "Verandering in beleid en praktijk",
     "Partijen voeren afspraken uit; verhalen van verandering laten dat zien.",
     "Veranderingen hebben andere oorzaken (nieuw beleid, landelijke regels).",
     "dialoog_opgevolgd_aandeel;msc_verhalen;msc_geselecteerd"),
]


def default_theory():
    """The kit's default theory of change for "Inclusief samenwerken in de stad".

    Returns:
        A DataFrame with :data:`THEORY_COLUMNS` (the registry's sheet ``Veranderingstheorie``).
    """
    import pandas as pd

    return pd.DataFrame(_DEFAULT_THEORY, columns=THEORY_COLUMNS)
