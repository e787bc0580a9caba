"""The student's assignment list answers in Dutch, without traceback (kit.hub.serverext).

Runs real nbgrader's ``AssignmentList`` against an exchange it cannot use, in a separate
process (the patch changes nbgrader's class and nbgrader changes the working folder).
"""

from __future__ import annotations

import json
import subprocess
import sys

from nbgrader.exchange import ExchangeError

from kit.hub.serverext import student_message

SCRIPT = r"""
import json, sys
from nbgrader.server_extensions.assignment_list.handlers import AssignmentList
from kit.hub.serverext import patch_assignment_list

def run():
    lister = AssignmentList()
    lister.root_dir = sys.argv[1]
    return {"submit": lister.submit_assignment("iids", "opdracht1"),
            "fetch": lister.fetch_assignment("iids", "opdracht1"),
            "list": lister.list_released_assignments(course_id="iids")}

before = run()
patch_assignment_list()
patch_assignment_list()
twice = getattr(AssignmentList.submit_assignment.__wrapped__, "__iids_wrapped__", False)
print(json.dumps({"before": before, "after": run(), "twice": twice}))
"""


def test_failures_become_one_dutch_message(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True,
                          text=True, timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(not r["success"] for r in result["before"].values())
    assert "Traceback" in result["before"]["submit"]["value"]  # what nbgrader shows by itself
    after = {k: r["value"] for k, r in result["after"].items()}
    assert all(not r["success"] for r in result["after"].values())
    assert after["submit"].startswith("Inleveren is niet gelukt; je werk is niet verstuurd.")
    assert after["fetch"].startswith("Ophalen van de opdracht is niet gelukt.")
    assert after["list"].startswith("De opdrachtenlijst kon niet worden geladen")
    for text in after.values():
        assert "Traceback" not in text and 'File "' not in text and "\n" not in text
    assert result["twice"] is False  # patching twice wraps once


def test_the_kits_own_refusal_is_passed_on_as_is():
    refusal = "Je inlevering is NIET verstuurd: in notities.txt staat een telefoonnummer."
    assert student_message(ExchangeError(refusal), "submit") == refusal
    english = ExchangeError("Traceback ...\nAssignment not found: opdracht9")
    assert student_message(english, "fetch") == ("Ophalen van de opdracht is niet gelukt. Melding "
                                                 "van nbgrader: Assignment not found: opdracht9")
    assert student_message(ValueError("/srv/pad"), "fetch_feedback") == (
        "Ophalen van de feedback is niet gelukt. Probeer het zo nog eens of vraag je docent.")
