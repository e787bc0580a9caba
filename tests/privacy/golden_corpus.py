"""Synthetic golden corpus: Dutch field notes with every category the kit must catch.

All people, numbers and addresses below are invented (synthetisch). Each note lists
the identifiers that must not survive pseudonymisation (checked as substrings) and
words that must stay (titles, roles, public names) so over-redaction shows up too.
"""

NOTES = [
    {
        "id": "veldnotitie-01",
        "text": ("Synthetische veldnotitie, dinsdagochtend bij het inloophuis. Ik sprak met "
                 "mevrouw Fatima El Amrani aan de Hoefkade. Ze lachte om mijn slechte "
                 "Arabisch en vertelde over haar werk in de thuiszorg."),
        "secrets": ["Fatima", "El Amrani", "Hoefkade"],
        "keep": ["mevrouw", "aan de", "thuiszorg"],
    },
    {
        "id": "veldnotitie-02",
        "text": ("Collega Joris de Boer belde me op +31 6 1234 5678 om te zeggen dat de "
                 "dialoogtafel verschuift. Hij werkt bij de Gemeente Den Haag."),
        "secrets": ["Joris", "de Boer", "+31 6 1234 5678", "1234 5678"],
        "keep": ["Collega", "Gemeente Den Haag"],
    },
    {
        "id": "veldnotitie-03",
        "text": ("Marta gaf me twee nummers: 070-3531234 voor het werk en 0612345678 privé. "
                 "Ze zegt dat ik haar ook via WhatsApp mag bellen."),
        "secrets": ["Marta", "070-3531234", "3531234", "0612345678"],
        "keep": ["WhatsApp"],
    },
    {
        "id": "veldnotitie-04",
        "text": ("Voor de terugbetaling van de buskaart gaf hij zijn rekeningnummer "
                 "NL91ABNA0417164300; zijn zus gebruikt NL91 ABNA 0417 1643 00 ook."),
        "secrets": ["NL91ABNA0417164300", "0417164300", "NL91 ABNA 0417 1643 00", "ABNA"],
        "keep": ["buskaart", "zus"],
    },
    {
        "id": "veldnotitie-05",
        "text": ("Het busje van de uitzendbureau-chauffeur, kenteken 12-ABC-3, stond om zes "
                 "uur bij de kassen. Een tweede busje had VX-123-B."),
        "secrets": ["12-ABC-3", "VX-123-B"],
        "keep": ["kassen"],
    },
    {
        "id": "veldnotitie-06",
        "text": ("Ionela zei lachend: 'volg me maar op @ionela_dansa of "
                 "instagram.com/ionela.dansa', en haar vriendin staat op tiktok: roxi.cta."),
        "secrets": ["Ionela", "@ionela_dansa", "ionela.dansa", "roxi.cta"],
        "keep": ["vriendin"],
    },
    {
        "id": "veldnotitie-07",
        "text": ("'Ik ben 19', zei hij, 'en ik werk sinds maart veertig uur per week.' "
                 "Zijn collega, een 23-jarige uit Sofia, is net 24 geworden."),
        "secrets": ["19", "23-jarige"],
        "keep": ["veertig uur", "collega"],
    },
    {
        "id": "veldnotitie-08",
        "text": ("Ze woont in de Schilderswijk, vlakbij de Hobbemastraat, en haar zoon zit op "
                 "school in Transvaal. Vroeger woonden ze in Moerwijk."),
        "secrets": ["Schilderswijk", "Hobbemastraat", "Transvaal", "Moerwijk"],
        "keep": ["zoon", "school"],
    },
    {
        "id": "veldnotitie-09",
        "text": ("Adres voor de kerstpakketten: Vaillantlaan 145, 2526 HK Den Haag, en de "
                 "tweede bij Laan van Meerdervoort 88a."),
        "secrets": ["Vaillantlaan", "145", "2526 HK", "Laan van Meerdervoort", "88a"],
        "keep": ["kerstpakketten", "Den Haag"],
    },
    {
        "id": "veldnotitie-10",
        "text": ("Bij de intake noemde hij zijn BSN 111222333 en zijn paspoortnummer "
                 "NX7R8K2P1. Zijn Poolse PESEL is 44051401359."),
        "secrets": ["111222333", "NX7R8K2P1", "44051401359"],
        "keep": ["intake"],
    },
    {
        "id": "veldnotitie-11",
        "text": ("Anna Kowalska (34) is geboren op 12-03-1990 in een dorp bij Poznań. Haar "
                 "buurvrouw Els helpt met de kinderen."),
        "secrets": ["Anna", "Kowalska", "34", "12-03-1990", "Els"],
        "keep": ["buurvrouw", "kinderen"],
    },
    {
        "id": "veldnotitie-12",
        "text": ("Dimitar belt elke zondag met +359 88 123 4567 naar huis; zijn neef in "
                 "Roemenië heeft +40 721 234 567 en zijn vriendin in Polen +48 512 345 678."),
        "secrets": ["Dimitar", "+359 88 123 4567", "+40 721 234 567", "+48 512 345 678"],
        "keep": ["zondag", "neef"],
    },
    {
        "id": "veldnotitie-13",
        "text": ("Mail van de sekswerker die meedoet aan het klankbord: "
                 "ionela.popescu@voorbeeld.nl. Ze wil graag anoniem blijven. Post gaat "
                 "naar postcode 2573 KZ."),
        "secrets": ["ionela.popescu@voorbeeld.nl", "popescu", "2573 KZ"],
        "keep": ["sekswerker", "klankbord"],
    },
    {
        "id": "veldnotitie-14",
        "text": ("Gesprek met mijn contactpersoon bij SHOP. Ze vertelde dat collega Sanne en "
                 "haar buurvrouw Els samen koken voor de nachtopvang in Laak."),
        "secrets": ["Sanne", "Els", "Laak"],
        "keep": ["SHOP", "collega", "buurvrouw", "nachtopvang"],
    },
    {
        "id": "veldnotitie-15",
        "text": ("Mijn vriend Krzysztof Nowak (geboren 3 april 1988) woont aan de "
                 "Prins Hendrikstraat 12; zijn kamergenoot heet Tomasz."),
        "secrets": ["Krzysztof", "Nowak", "3 april 1988", "Prins Hendrikstraat", "Tomasz"],
        "keep": ["vriend", "kamergenoot"],
    },
    {
        "id": "veldnotitie-16",
        "text": ("Radostina zei dat ze 34 is en dat ze op haar 16e uit Varna vertrok. Haar "
                 "oude nummer 06-4660918 werkt niet meer, mail kan via r%d@voorbeeld.bg."),
        "secrets": ["Radostina", " 34 ", "16e", "4660918", "r%d@voorbeeld.bg"],
        "keep": ["oude nummer", "werkt niet meer"],
    },
]

# Issue 16 part B: identifier formats the detectors learnt (spelled-out phone numbers,
# hyphenated IBAN, spaced and hyphenated BSN, "2526-HK", plates after "nummerplaat", handles
# without "@"); synthetic, shared with the bench (kit/privacy/corpus.py).
from kit.privacy.corpus import IDENTIFIER_NOTES  # noqa: E402

NOTES += [
    {"id": f"kenmerk-{number:02d}", "text": text,
     "secrets": [value for values in expected.values() for value in values], "keep": []}
    for number, (text, expected) in enumerate(IDENTIFIER_NOTES, start=1)
]
