"""Name recall on a hold-out list: names the detectors were not tuned on.

The list was written before this session's changes to the name sources; none of its names
may be added to a list. Some of its first names were already in the kit's small hand-typed
supplement (``voornamen-extra.txt``): recall is measured on the others too, which only the
maintained sources and the structural rules can find. Sources are maintained lists (Faker's locale
lists, deduce's lookup lists) and structural rules (surname endings, a first name before a
detected surname); what is still missed is reported in the closing note, not patched by
hand. Every person here is invented.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("deduce_ready")

HOLDOUT = [
    ("Gisteren sprak ik met Semhar Tesfamariam over haar werk in de kas.", ["Semhar", "Tesfamariam"]),
    ("Filmon Ghebremichael kwam pas na twee jaar naar Den Haag.", ["Filmon", "Ghebremichael"]),
    ("Volgens Awet Kidane is de buurt veranderd.", ["Awet", "Kidane"]),
    ("De tolk, Robel Asmerom, vertaalde alles.", ["Robel", "Asmerom"]),
    ("Saba Tewelde woont met haar moeder in Transvaal.", ["Saba", "Tewelde"]),
    ("Ik ontmoette Mebrahtu Zerai bij de taalles.", ["Mebrahtu", "Zerai"]),
    ("Nataliia Kovalchuk werkt sinds maart in het distributiecentrum.", ["Nataliia", "Kovalchuk"]),
    ("Haar collega Anastasiia Melnyk had geen contract.", ["Anastasiia", "Melnyk"]),
    ("We spraken met Dmytro Savchenko en zijn vrouw Olha.", ["Dmytro", "Savchenko", "Olha"]),
    ("Viktoriia Tkachenko vertelde over de opvang.", ["Viktoriia", "Tkachenko"]),
    ("Agnieszka Wiśniewska huurt een kamer via het uitzendbureau.", ["Agnieszka", "Wiśniewska"]),
    ("Tomasz Zieliński werkt in de kassen in het Westland.", ["Tomasz", "Zieliński"]),
    ("marek wrobel belde me terug.", ["marek", "wrobel"]),
    ("Zofia Kamińska is bang haar baan te verliezen.", ["Zofia", "Kamińska"]),
    ("Ioana Dumitrescu en Florin Radu delen een caravan.", ["Ioana", "Dumitrescu", "Florin", "Radu"]),
    ("Andreea Stoica zei dat ze niet terug wil.", ["Andreea", "Stoica"]),
    ("Desislava Georgieva werkt als schoonmaker.", ["Desislava", "Georgieva"]),
    ("Stoyan Dimitrov en Tsvetelina Petkova kwamen samen.", ["Stoyan", "Dimitrov", "Tsvetelina", "Petkova"]),
    ("Zsófia Nagy en Bence Kovács spreken geen Nederlands.", ["Zsófia", "Nagy", "Bence", "Kovács"]),
    ("Réka Szabó vertelde over haar zoon.", ["Réka", "Szabó"]),
    ("Khadija Bouzid is vrijwilliger bij de moskee.", ["Khadija", "Bouzid"]),
    ("Youssef El Idrissi speelt zaterdag voetbal.", ["Youssef", "Idrissi"]),
    ("Hamza Belhaj wil een eigen zaak beginnen.", ["Hamza", "Belhaj"]),
    ("Elif Yıldız en Mehmet Çelik zijn buren.", ["Elif", "Yıldız", "Mehmet", "Çelik"]),
    ("Zeynep Aydın studeert rechten.", ["Zeynep", "Aydın"]),
    ("Shanti Ramdin organiseert de buurtmaaltijd.", ["Shanti", "Ramdin"]),
    ("Roshni Mahabier werkt bij de huisarts.", ["Roshni", "Mahabier"]),
    ("Faduma Warsame zorgt voor vier kinderen.", ["Faduma", "Warsame"]),
    ("Abdirizak Farah en Ubah Egal wonen in Moerwijk.", ["Abdirizak", "Farah", "Ubah", "Egal"]),
    ("Rania Haddad kwam in 2016 uit Aleppo.", ["Rania", "Haddad"]),
    ("Khaled Al-Masri en Lina Sabbagh doen mee aan het project.", ["Khaled", "Masri", "Lina", "Sabbagh"]),
    ("ik sprak met pieter de graaf over de huur.", ["pieter", "graaf"]),
    ("ANNEMIEK SMITS WAS ER OOK.", ["ANNEMIEK", "SMITS"]),
    ("Mijn buurvrouw heet eigenlijk Tigist, maar iedereen zegt Tigi.", ["Tigist"]),
    ("Bogdan Ionescu zat naast Oleksandr Lysenko.", ["Bogdan", "Ionescu", "Oleksandr", "Lysenko"]),
]

#: The share of hold-out names that must be found (the issue's goal for recall).
GOAL = 0.95


def _found(text: str, value: str, spans) -> bool:
    at = text.find(value)
    return any(s.category == "PERSOON" and s.start <= at and at + len(value) <= s.end
               for s in spans)


def _hand_listed() -> set[str]:
    from kit.privacy.detectors import load_wordlist

    return {w.casefold() for w in load_wordlist("voornamen-extra.txt")}


def test_recall_on_names_not_tuned_on():
    """Recall on the hold-out names that no hand-typed list of the kit holds (found through
    the maintained sources and the structural rules only), and on all of them."""
    from kit.privacy.pseudonymise import find_spans

    listed = _hand_listed()
    found = {(text, name): _found(text, name, find_spans(text))
             for text, names in HOLDOUT for name in names}
    unlisted = [ok for (_, name), ok in found.items() if name.casefold() not in listed]
    assert len(unlisted) >= 50
    missed = [name for (_, name), ok in found.items() if not ok]
    assert sum(unlisted) / len(unlisted) >= GOAL, missed
    assert sum(found.values()) / len(found) >= GOAL, missed


@pytest.mark.parametrize("text, value", [
    ("Yuliia werkt sinds mei in de kas.", "Yuliia"),      # Ukrainian form of a Russian-list name
    ("Nowak werkt sinds mei in de kas.", "Nowak"),        # a Polish surname from another country's list
    ("Gisteren zag ik Tesfamariam bij de bus.", "Tesfamariam"),  # a Tigrinya name by its ending
])
def test_names_missed_last_session_are_found(text, value):
    from kit.privacy.pseudonymise import find_spans

    assert _found(text, value, find_spans(text))
