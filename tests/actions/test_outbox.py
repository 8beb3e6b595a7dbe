"""The report outbox: reports held while the claims API was down are filed once it is back, once each, never lost."""

import os
import sqlite3
import subprocess
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from actions.clients.claims_api import ClaimsApiClient
from actions.outbox import HeldReport, drain, held_reports, hold_report
from actions.reporting import REPORT_SLOTS, report_payload
from tests.actions.conftest import ROOT, load_tracker
from tests.conftest import free_port

SERVICE = {"X-Service-Key": "dev-service-key"}


@pytest.fixture(autouse=True)
def outbox_file(monkeypatch, tmp_path):
    """A fresh outbox per test."""
    path = tmp_path / "outbox.db"
    monkeypatch.setenv("ACTIONS_OUTBOX_DB", str(path))
    return path


def report_of(conversation_id: str, **slots) -> dict:
    tracker = load_tracker("tracker_report_confirmed")
    tracker.sender_id = conversation_id
    tracker.slots["accident_time"] = (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat()
    tracker.slots.update(slots)
    return report_payload({slot: tracker.get_slot(slot) for slot in REPORT_SLOTS}, tracker)


def followups_of(api_url: str, conversation_id: str) -> list:
    with httpx.Client(base_url=api_url, headers=SERVICE) as api:
        items = api.get("/api/v1/followups", params={"conversation_id": conversation_id}).json()["items"]
    return sorted(((f["kind"], f["claim_number"]) for f in items if f["kind"] in ("callback", "report_filed")))


def row_of(outbox_file, report_id: str) -> tuple:
    with sqlite3.connect(outbox_file) as outbox:
        return outbox.execute(
            "SELECT status, claim_number, last_error FROM held_reports WHERE report_id = ?", (report_id,)
        ).fetchone()


@pytest.mark.asyncio
async def test_held_reports_are_filed_and_their_conversations_told_the_claim_number(claims_api_url, outbox_file):
    reports = [report_of("outbox-first"), report_of("outbox-second", phone="13912345678")]
    for report in reports:
        hold_report(report)

    assert await drain(ClaimsApiClient(claims_api_url)) == 2

    assert held_reports() == []
    for report in reports:
        status, claim_number, error = row_of(outbox_file, report["report_id"])
        assert (status, error) == ("filed", None)
        with httpx.Client(base_url=claims_api_url, headers=SERVICE) as api:
            claim = api.get(f"/api/v1/claims/{claim_number}").json()
        assert (claim["report_id"], claim["conversation_id"], claim["reporter_phone"]) == (
            report["report_id"],
            report["conversation_id"],
            report["reporter_phone"],
        )
        assert followups_of(claims_api_url, report["conversation_id"]) == [
            ("callback", claim_number),
            ("report_filed", claim_number),
        ]


@pytest.mark.asyncio
async def test_while_the_api_is_down_the_reports_stay_held(outbox_file):
    report = report_of("outbox-down")
    hold_report(report)
    assert await drain(ClaimsApiClient(f"http://127.0.0.1:{free_port()}")) == 0
    assert held_reports() == [HeldReport(report["report_id"], report)]


@pytest.mark.asyncio
async def test_a_report_the_api_already_took_is_not_filed_twice(claims_api_url, outbox_file):
    report = report_of("outbox-retried")
    # The action's request timed out after the API had recorded the claim, so the report was held as well.
    with httpx.Client(base_url=claims_api_url, headers=SERVICE) as api:
        first = api.post("/api/v1/claims", json=report).json()["claim_number"]
    hold_report(report)

    assert await drain(ClaimsApiClient(claims_api_url)) == 1

    assert row_of(outbox_file, report["report_id"])[:2] == ("filed", first)
    assert followups_of(claims_api_url, "outbox-retried") == [("callback", first), ("report_filed", first)]


@pytest.mark.asyncio
async def test_a_report_the_api_refuses_is_kept_with_its_error_and_handed_to_a_person(claims_api_url, outbox_file):
    report = report_of("outbox-refused", accident_place="南京" * 101)  # longer than the API's 200 characters
    hold_report(report)

    assert await drain(ClaimsApiClient(claims_api_url)) == 0

    assert held_reports() == []
    status, claim_number, error = row_of(outbox_file, report["report_id"])
    assert (status, claim_number) == ("rejected", None) and "200" in error
    with httpx.Client(base_url=claims_api_url, headers=SERVICE) as api:
        [ticket] = api.get("/api/v1/handoffs", params={"conversation_id": "outbox-refused"}).json()["items"]
    assert (ticket["reason"], ticket["status"], ticket["facts"]) == ("report_rejected", "open", report)
    assert ticket["summary"] == (
        f"理赔系统连不上时暂存的报案，恢复后提交被系统拒绝：{error}"
        "请人工核对报案内容后代为报案，并把报案号告诉客户（王强，电话 13812345678）。"
    )


@pytest.mark.asyncio
async def test_a_drainer_killed_between_scheduling_and_marking_announces_the_claim_number_once(
    claims_api_url, outbox_file
):
    report = report_of("outbox-killed")
    hold_report(report)
    # Holding the outbox's write lock stops the drainer at its last step, marking the report filed.
    blocker = sqlite3.connect(outbox_file, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    drainer = subprocess.Popen(
        [str(ROOT / ".venv/actions/bin/python"), "-m", "actions.outbox"],
        cwd=ROOT,
        env=dict(os.environ, CLAIMS_API_URL=claims_api_url, OUTBOX_POLL_SECONDS="1"),
    )
    try:
        deadline = time.monotonic() + 60
        while len(followups_of(claims_api_url, "outbox-killed")) < 2:
            assert time.monotonic() < deadline and drainer.poll() is None, "the drainer scheduled nothing"
            time.sleep(0.2)
    finally:
        drainer.kill()
        drainer.wait()
        blocker.rollback()
        blocker.close()
    [(_, claim_number), _] = followups_of(claims_api_url, "outbox-killed")
    assert row_of(outbox_file, report["report_id"])[:2] == ("held", None)

    assert await drain(ClaimsApiClient(claims_api_url)) == 1

    assert row_of(outbox_file, report["report_id"])[:2] == ("filed", claim_number)
    assert followups_of(claims_api_url, "outbox-killed") == [("callback", claim_number), ("report_filed", claim_number)]
