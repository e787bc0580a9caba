"""Synthetic test sentences for name recall, precision and the identifier formats.

Everything here is invented (synthetisch): names were put together from common first names
and surnames of the communities the minor works with, numbers are made up (BSNs and IBANs
pass their checksums only so the detectors see them as real ones would look).

- :data:`NAME_SENTENCES`: sentences with the names that must not survive, in every case and
  position the field notes show (lower case, ALL CAPS, after a line break, after a cue, a
  surname alone at the start of a sentence);
- :data:`PLAIN_SENTENCES`: ordinary Dutch sentences without any name, full of words that are
  also names somewhere ("roos", "bas", "heet", "mark", "erin", "may") to measure precision;
- :data:`IDENTIFIER_NOTES`: notes with identifiers in the formats the detectors must read
  (spelled-out phone numbers, hyphenated IBAN, spaced BSN, ...), by category.

>>> len(NAME_SENTENCES) >= 60, len(PLAIN_SENTENCES) >= 30
(True, True)
>>> all(name in text for text, names in NAME_SENTENCES for name in names)
True
"""

from __future__ import annotations

__all__ = ["NAME_SENTENCES", "COMMUNITY_SENTENCES", "PLAIN_SENTENCES", "IDENTIFIER_NOTES"]

#: Issue 16, second round: per community of the minor (Romanian, Bulgarian, Polish, Hungarian,
#: Ukrainian, Moroccan, Turkish, Surinamese, Somali, Eritrean, Syrian, Dutch in any case), in every
#: position, case and cue; written as invented people before the detectors saw them (several
#: names are in no maintained list). Synthetic.
COMMUNITY_SENTENCES: list[tuple[str, list[str]]] = [
    ("Volgens Awet Kidane is de buurt veranderd.", ["Awet Kidane"]),
    ("Luwam Tesfay en Yonas Berhane wonen boven de bakker.", ["Luwam Tesfay", "Yonas Berhane"]),
    ("haar buurman heet eigenlijk Mussie, maar ze noemen hem Musse.", ["Mussie", "Musse"]),
    ("Ik zag Senait Hagos op de markt met haar dochter Freweyni.", ["Senait Hagos", "Freweyni"]),
    ("SELAM GEBREYESUS KWAM NIET OPDAGEN.", ["SELAM GEBREYESUS"]),
    ("de vrouw genaamd Mehret Abraha wacht al een jaar op een woning.", ["Mehret Abraha"]),
    ("Costel Bălan en zijn broer Marius slapen in een caravan.", ["Costel Bălan", "Marius"]),
    ("ik sprak met mihaela georgescu over haar contract", ["mihaela georgescu"]),
    ("Ze noemt zich Loredana, maar in haar paspoort staat Lorena Cozma.",
     ["Loredana", "Lorena Cozma"]),
    ("Svetoslav Kostadinov rijdt elke ochtend het busje.", ["Svetoslav Kostadinov"]),
    ("in het pension woont ook mariyka angelova", ["mariyka angelova"]),
    ("De uitzendkracht werkt onder de naam Galya Todorova.", ["Galya Todorova"]),
    ("Przemek Grabowski en Iwona Dąbrowska delen een kamer.",
     ["Przemek Grabowski", "Iwona Dąbrowska"]),
    ("ik heb sławomir pietrzak gisteren gebeld", ["sławomir pietrzak"]),
    ("Ildikó Balogh vertelde over haar kinderen in Debrecen.", ["Ildikó Balogh"]),
    ("Levente Farkas werkt in de slachterij.", ["Levente Farkas"]),
    ("Bohdan Kravets kwam in 2022 met zijn moeder Halyna.", ["Bohdan Kravets", "Halyna"]),
    ("mijn contactpersoon heet Oksana Hrytsenko.", ["Oksana Hrytsenko"]),
    ("Soufiane Amrani en zijn zus Ikram zitten in de klas.", ["Soufiane Amrani", "Ikram"]),
    ("ik sprak met nordin el ouali bij de moskee", ["nordin", "el ouali"]),
    ("Mevrouw Bouchra Ait Taleb wil anoniem blijven.", ["Bouchra Ait Taleb"]),
    ("Kübra Aksoy en Burak Öztürk hebben samen een winkel.", ["Kübra Aksoy", "Burak Öztürk"]),
    ("Hij noemt zich Serkan op het werk.", ["Serkan"]),
    ("Ravi Jhagroe en Sunita Ramsaran organiseren het feest.",
     ["Ravi Jhagroe", "Sunita Ramsaran"]),
    ("mijn buurvrouw heet Marcia Pinas.", ["Marcia Pinas"]),
    ("Ayaan Mohamud en Ilhan Dirie gaan naar de taalles.", ["Ayaan Mohamud", "Ilhan Dirie"]),
    ("ik heb hawo nur gesproken over haar zoon", ["hawo nur"]),
    ("Yara Al-Hamwi kwam in 2015 uit Homs.", ["Yara Al-Hamwi"]),
    ("Mahmoud Kassab en Rasha Darwish helpen bij de inloop.",
     ["Mahmoud Kassab", "Rasha Darwish"]),
    ("Ze heet eigenlijk Nour, maar iedereen zegt Noortje.", ["Nour"]),
    ("ik sprak met sanne de wit en daan bakker bij het buurthuis",
     ["sanne de wit", "daan bakker"]),
    ("WILLEMIJN VAN DIJK IS DE NIEUWE WIJKAGENT.", ["WILLEMIJN VAN DIJK"]),
    ("Het gesprek met Gerrit\nHoogendoorn duurde lang.", ["Gerrit", "Hoogendoorn"]),
]

#: (sentence, names that must be gone). Synthetic.
NAME_SENTENCES: list[tuple[str, list[str]]] = [
    # lower case
    ("gisteren sprak ik met jan jansen bij de voedselbank", ["jan jansen"]),
    ("mariana vertelde dat ze al drie jaar in de kassen werkt", ["mariana"]),
    ("ik heb gheorghe daarna niet meer gezien", ["gheorghe"]),
    ("hodan abdi kwam later binnen met haar zus", ["hodan abdi"]),
    ("volgens ionela is de huur weer omhoog gegaan", ["ionela"]),
    ("we wachtten op dimitar en radostina bij de bushalte", ["dimitar", "radostina"]),
    ("fatima el amrani wil niet op de foto", ["fatima el amrani"]),
    ("yusuf yilmaz helpt op dinsdag bij de inloop", ["yusuf yilmaz"]),
    ("samen met agnieszka en bartek zat ik aan tafel", ["agnieszka", "bartek"]),
    ("khadija belde om te zeggen dat ze ziek is", ["khadija"]),
    ("de buurvrouw van oksana helpt met de formulieren", ["oksana"]),
    ("ik liep met viorica popescu naar het station", ["viorica popescu"]),
    # ALL CAPS
    ("NA AFLOOP SPRAK IK MET GHEORGHE POPESCU OVER ZIJN CONTRACT", ["GHEORGHE POPESCU"]),
    ("JAN JANSEN WAS ER OOK WEER", ["JAN JANSEN"]),
    ("Notitie: MARIANA IONESCU wil haar verhaal anoniem delen.", ["MARIANA IONESCU"]),
    ("Ze schreef haar naam op het formulier: AYAAN WARSAME.", ["AYAAN WARSAME"]),
    # surname after a line break
    ("Mijn contactpersoon is Elena\nDumitrescu, zij werkt bij het uitzendbureau.",
     ["Elena", "Dumitrescu"]),
    ("Gesprek met Tomasz\nKowalczyk over de huisvesting.", ["Tomasz", "Kowalczyk"]),
    ("Aanwezig: Hristo\nGeorgiev en twee collega's.", ["Hristo", "Georgiev"]),
    # a cue
    ("Ze heet eigenlijk Senait, maar iedereen noemt haar anders.", ["Senait"]),
    ("De man heet yonas en komt uit Asmara.", ["yonas"]),
    ("Hij noemt zich Dimi als hij met klanten praat.", ["Dimi"]),
    ("Ze werkt onder de naam Bella Rose.", ["Bella Rose"]),
    ("Een jongen genaamd merhawi sliep die nacht in de opvang.", ["merhawi"]),
    ("Haar roepnaam is Luli.", ["Luli"]),
    ("Ze heet Roos, vertelde ze, en ze werkt al jaren achter het raam.", ["Roos"]),
    # Romanian
    ("Andreea Munteanu begint volgende week in de distributiehal.", ["Andreea", "Munteanu"]),
    ("Met Ioana Constantinescu sprak ik over de reiskosten.", ["Ioana", "Constantinescu"]),
    ("Vasile Dragomir slaapt in een caravan op het terrein.", ["Vasile", "Dragomir"]),
    # Bulgarian
    ("Stoyan Ivanov en zijn vrouw Tsvetanka wonen in Escamp.", ["Stoyan", "Ivanov", "Tsvetanka"]),
    ("Radka Petrova vertaalde voor de anderen.", ["Radka", "Petrova"]),
    ("Bij de inloop was ook Yordan Hristov.", ["Yordan", "Hristov"]),
    # Polish
    ("Katarzyna Wiśniewska werkt via een uitzendbureau in het Westland.", ["Katarzyna", "Wiśniewska"]),
    ("Piotr Zieliński vond de uitleg te snel.", ["Piotr", "Zieliński"]),
    ("Małgorzata Lewandowska zegt dat de huur te hoog is.", ["Małgorzata", "Lewandowska"]),
    # Hungarian
    ("Zsófia Horváth wil haar kinderen laten overkomen.", ["Zsófia", "Horváth"]),
    ("Ik sprak kort met Gábor Szabó bij de kassen.", ["Gábor", "Szabó"]),
    # Ukrainian
    ("Olena Shevchenko woont sinds 2022 in Den Haag.", ["Olena", "Shevchenko"]),
    ("Mykola Bondarenko werkt in de schoonmaak.", ["Mykola", "Bondarenko"]),
    ("Yuliia Tkachuk zorgt voor haar moeder.", ["Yuliia", "Tkachuk"]),
    # Morocco
    ("Mohamed Bouzid had zijn broer meegenomen.", ["Mohamed", "Bouzid"]),
    ("Naima Azzouzi vertelde over haar werk in de thuiszorg.", ["Naima", "Azzouzi"]),
    # Turkey
    ("Elif Demir en Emre Kaya kwamen samen.", ["Elif", "Demir", "Emre", "Kaya"]),
    ("Ayşe Çelik wil niet dat haar familie het weet.", ["Ayşe", "Çelik"]),
    # Suriname
    ("Sharda Ramdin helpt bij de kledingbank.", ["Sharda", "Ramdin"]),
    ("Rubia Sewnarain belde me terug.", ["Rubia", "Sewnarain"]),
    # Somalia
    ("Fadumo Hassan Farah woont met haar kinderen in Transvaal.", ["Fadumo", "Hassan", "Farah"]),
    ("Abdirahman Jama vertaalt soms voor anderen.", ["Abdirahman", "Jama"]),
    # Eritrea
    ("Tesfay Gebremedhin werkt in een restaurant.", ["Tesfay", "Gebremedhin"]),
    ("Luwam Tekle wil een opleiding volgen.", ["Luwam", "Tekle"]),
    # Syria
    ("Rania Al-Khatib gaf les in Aleppo.", ["Rania", "Al-Khatib"]),
    ("Omar Haddad zoekt werk als elektricien.", ["Omar", "Haddad"]),
    # a surname alone at the start of a sentence
    ("Popescu kwam weer te laat.", ["Popescu"]),
    ("Kowalski zei niets.", ["Kowalski"]),
    ("Dimitrova lachte om de vraag.", ["Dimitrova"]),
    ("Yılmaz had het formulier al ingevuld.", ["Yılmaz"]),
    # public names that are also common names
    ("Osman zat naast me in de wachtkamer.", ["Osman"]),
    ("Mijn buurman Cohen helpt me met de belasting.", ["Cohen"]),
    ("Lewis en zijn moeder kwamen te laat.", ["Lewis"]),
    ("Sage werkt sinds kort bij de bakker.", ["Sage"]),
    *COMMUNITY_SENTENCES,
]

#: Ordinary Dutch sentences without a name (no span may be called a person). Synthetic.
PLAIN_SENTENCES: list[str] = [
    "het water was te heet om te drinken",
    "de roos in de tuin bloeit al weken",
    "ze speelt bas in een band",
    "in jan. en feb. is het rustig op de markt",
    "ik heb erin gezien dat het klopt",
    "de koffie is heet, pas op",
    "we kregen een euro per uur meer",
    "de bank weigerde de rekening",
    "ze werkt bij de bakker op de hoek",
    "hij was de enige die bleef",
    "vrijdag gaan we naar de markt",
    "de groep kwam samen in het buurthuis",
    "het formulier was te moeilijk voor haar",
    "de huur gaat elk jaar omhoog",
    "we hebben lang gepraat over geld en werk",
    "de kinderen spelen op het plein",
    "het regende de hele dag",
    "zij wil graag een eigen kamer",
    "de bus reed niet, dus we liepen",
    "iedereen kreeg soep en brood",
    "hij schaamde zich voor zijn accent",
    "ze vond de vragen te persoonlijk",
    "het was druk bij de inloop",
    "de gemeente stuurde een brief",
    "na afloop ruimden we samen op",
    "het gesprek duurde langer dan gepland",
    "we spraken over vertrouwen en angst",
    "de tolk vertaalde alles zorgvuldig",
    "ze heet niet graag bij haar achternaam aangesproken te worden",
    "HET IS VANDAAG GESLOTEN WEGENS DE FEESTDAGEN",
    "de mark en de gulden bestaan niet meer",
    "may the force be with you",
]

#: (note, {category: [values that must be gone]}). Synthetic numbers.
IDENTIFIER_NOTES: list[tuple[str, dict[str, list[str]]]] = [
    ("Ze gaf haar nummer: nul zes twaalf vierendertig zesenvijftig achtenzeventig.",
     {"TELEFOON": ["nul zes twaalf vierendertig zesenvijftig achtenzeventig"]}),
    ("Bel hem op nul zes, een twee, drie vier, vijf zes, zeven acht.",
     {"TELEFOON": ["nul zes, een twee, drie vier, vijf zes, zeven acht"]}),
    ("Terugbetaling graag op NL91-ABNA-0417-1643-00.", {"IBAN": ["NL91-ABNA-0417-1643-00"]}),
    ("Haar bsn 123 456 782 stond op de brief.", {"BSN": ["123 456 782"]}),
    ("Op het formulier stond 123-456-782 als burgerservicenummer.", {"BSN": ["123-456-782"]}),
    ("Ze woont bij postcode 2526-HK, vlak bij het station.", {"POSTCODE": ["2526-HK"]}),
    ("Het busje met nummerplaat 12ABC3 stond weer bij de kassen.", {"KENTEKEN": ["12ABC3"]}),
    ("Een Roemeens kenteken B 123 ABC, zei de chauffeur.", {"KENTEKEN": ["B 123 ABC"]}),
    ("Volg haar op insta: roxi.cta of op tiktok dimi_bg92.",
     {"ACCOUNT": ["roxi.cta", "dimi_bg92"]}),
    ("Haar insta marta_krk88 is openbaar.", {"ACCOUNT": ["marta_krk88"]}),
]
