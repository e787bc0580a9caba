"""A synthetic MS Forms export and its mapping, shared by the import and CLI tests."""

from __future__ import annotations

HEADERS = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Deelnemerscode", "Verhaal",
           "Welkom (0-100)", "Mezelf", "Eigen kring", "Instanties", "Gevoel", "Wie", "Groep"]


def forms_rows():
    return [
        ["1", "3-10-2025 10:01", "3-10-2025 10:09", "anoniem", "", "P-0001",
         "Bij de bank werd ik eindelijk geholpen.", "70", "50", "30", "20", "opgelucht", "bank;vrienden;",
         "vluchtelingen"],
        ["2", "4-10-2025 11:00", "4-10-2025 11:05", "anoniem", "", "P-0001",
         "De buren groeten nu.", "120", "50", "30", "10", "blij", "buren;", "vluchtelingen"],
        ["3", "5-11-2025 09:00", "5-11-2025 09:30", "anoniem", "", "P-0001",
         "Op de markt lachten we samen.", "55", "20", "40", "40", "geamuseerd", "de kat;", "vluchtelingen"],
    ]


MAPPING = {
    "kolommen": {"participant": "Deelnemerscode", "text": "Verhaal", "month": "Tijd van voltooien",
                 "welkom": "Welkom (0-100)", "steun.ikzelf": "Mezelf", "steun.eigen_kring": "Eigen kring",
                 "steun.instanties": "Instanties", "gevoel": "Gevoel", "wie": "Wie", "community": "Groep"},
    "vaste_waarden": {"setting": "online", "collector": "S-01", "language": "nl"},
    "schaal": {"welkom": 100, "steun": 100},
}
