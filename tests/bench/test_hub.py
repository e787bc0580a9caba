"""The hub benchmark's accounting: every student's submission followed to the gradebook."""

from __future__ import annotations

import datetime as dt

from kit.bench.hub import StudentOutcome, account, submitted_timestamps

T1 = "2026-03-02 09:15:00.123456 UTC"
T0 = "2026-03-02 09:00:00.000001 UTC"
GRADED = dt.datetime(2026, 3, 2, 9, 15, 0, 123456)


def test_each_way_to_fall_out_is_counted_and_named():
    outcomes = [
        StudentOutcome("ok", acknowledged=T1, inbound=[T0, T1], collected=T1, graded=GRADED,
                       score=1.0),
        StudentOutcome("nooit", error="server start niet: HubError"),
        StudentOutcome("weg", acknowledged=T1, inbound=[T0]),
        StudentOutcome("oud", acknowledged=T1, inbound=[T0, T1], collected=T0),
        StudentOutcome("ongegradeerd", acknowledged=T1, inbound=[T1], collected=T1,
                       graded=dt.datetime(2026, 3, 2, 9, 0, 0, 1), score=1.0),
        StudentOutcome("nul", acknowledged=T1, inbound=[T1], collected=T1, graded=GRADED,
                       score=0.0),
    ]
    assert account(outcomes) == {"students": 6, "submitted": 5, "collected": 3, "graded": 1,
                                 "lost": 4}
    reasons = {o.user: o.reason() for o in outcomes}
    assert reasons["ok"] == ""
    assert reasons["nooit"].startswith("niet ingeleverd: server start niet")
    assert "niet in de inbound" in reasons["weg"]
    assert "niet verzameld" in reasons["oud"] and T0 in reasons["oud"]
    assert "niet nagekeken" in reasons["ongegradeerd"]
    assert "score 0.0" in reasons["nul"]
    assert not outcomes[1].lost  # a failed student is reported, not counted as lost


def test_the_acknowledged_timestamp_comes_from_the_students_own_list():
    listing = {"success": True, "value": [
        {"course_id": "iids", "assignment_id": "ps1", "status": "fetched"},
        {"course_id": "iids", "assignment_id": "ps1", "status": "submitted",
         "submissions": [{"timestamp": T0}, {"timestamp": T1}]},
        {"course_id": "iids", "assignment_id": "ps2", "status": "submitted",
         "submissions": [{"timestamp": "2026-01-01 00:00:00.0 UTC"}]},
    ]}
    assert submitted_timestamps(listing) == {T0, T1}
    assert submitted_timestamps({"success": False, "value": "Traceback ..."}) == set()
