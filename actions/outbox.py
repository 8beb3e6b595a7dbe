"""Filing accident reports with the claims API, and the durable outbox that keeps them while the API is down.

`python -m actions.outbox` runs the drainer: it files every held report once the API answers again.
"""

import asyncio
import json
import logging
import signal
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

from actions.clients.claims_api import ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.settings import ActionsSettings

logger = logging.getLogger("actions.outbox")
CALLBACK_DELAY = timedelta(minutes=10)
SCHEMA = """
CREATE TABLE IF NOT EXISTS held_reports (
    report_id TEXT PRIMARY KEY,
    report TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'held',
    held_at TEXT NOT NULL,
    claim_number TEXT,
    last_error TEXT,
    updated_at TEXT
)
"""
HELD, FILED, REJECTED = "held", "filed", "rejected"
REJECTED_SUMMARY = (
    "理赔系统连不上时暂存的报案，恢复后提交被系统拒绝：{detail}"
    "请人工核对报案内容后代为报案，并把报案号告诉客户（{reporter}，电话 {phone}）。"
)


@dataclass(frozen=True)
class HeldReport:
    """A report waiting in the outbox, keyed by its report_id."""

    report_id: str
    report: Dict[str, Any]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _connect() -> sqlite3.Connection:
    path = ActionsSettings.from_environment().outbox_db
    path.parent.mkdir(parents=True, exist_ok=True)
    # Autocommit: every statement is its own transaction, written to disk before it returns.
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.execute(SCHEMA)
    return connection


def hold_report(report: Dict[str, Any]) -> None:
    """Keep a report the API could not take; the same report (same report_id) is kept once."""
    with closing(_connect()) as outbox:
        outbox.execute(
            "INSERT OR IGNORE INTO held_reports (report_id, report, held_at) VALUES (?, ?, ?)",
            (report["report_id"], json.dumps(report, ensure_ascii=False), _now()),
        )


def held_reports() -> List[HeldReport]:
    """The reports still waiting to be filed, oldest first."""
    with closing(_connect()) as outbox:
        rows = outbox.execute(
            "SELECT report_id, report FROM held_reports WHERE status = ? ORDER BY held_at", (HELD,)
        ).fetchall()
    return [HeldReport(report_id, json.loads(report)) for report_id, report in rows]


def _finish(report_id: str, status: str, claim_number: Optional[str] = None, error: Optional[str] = None) -> None:
    with closing(_connect()) as outbox:
        outbox.execute(
            "UPDATE held_reports SET status = ?, claim_number = ?, last_error = ?, updated_at = ? WHERE report_id = ?",
            (status, claim_number, error, _now(), report_id),
        )


def mark_filed(report_id: str, claim_number: str) -> None:
    """Record that a held report became this claim."""
    _finish(report_id, FILED, claim_number=claim_number)


def mark_rejected(report_id: str, error: str) -> None:
    """Record that the API refused a held report and a person was asked to file it."""
    _finish(report_id, REJECTED, error=error)


async def file_report(client: ClaimsApiClient, report: Dict[str, Any]) -> Dict[str, Any]:
    """Report the claim; a nameless injured party the API refuses is left out (the description keeps the injuries)."""
    try:
        return await client.report_claim(report)
    except ClaimsApiRejected:
        if not report["injured_parties"]:
            raise
        return await client.report_claim(dict(report, injured_parties=[]))


async def schedule_followup(client: ClaimsApiClient, claim: Dict[str, Any], kind: str, due: datetime) -> None:
    """Schedule a nudge of this kind about the claim to the conversation that reported it."""
    await client.schedule_followup(
        {
            "conversation_id": claim["conversation_id"],
            "channel": claim["channel"],
            "kind": kind,
            "due_at": due.isoformat(),
            "claim_number": claim["claim_number"],
            "payload": {"phone": claim["reporter_phone"]},
        }
    )


async def schedule_callback(client: ClaimsApiClient, claim: Dict[str, Any]) -> bool:
    """Ask the API to have someone call back in ten minutes; False when it could not."""
    if not claim.get("conversation_id"):
        return False
    try:
        await schedule_followup(client, claim, "callback", datetime.now(timezone.utc) + CALLBACK_DELAY)
    except (ClaimsApiUnavailable, ClaimsApiRejected):
        return False
    return True


async def file_held_report(client: ClaimsApiClient, held: HeldReport) -> str:
    """File a held report, have its conversation told the claim number and book the call-back; return the number.

    Every step may run again: a drainer that died before marking the report filed files it again next round, gets
    the same claim back (report_id) and schedules only the nudges the round before did not.
    """
    claim = await file_report(client, held.report)
    if claim.get("conversation_id") and not await client.followups_of(claim["claim_number"], "report_filed"):
        await schedule_followup(client, claim, "report_filed", datetime.now(timezone.utc))
    if not await client.followups_of(claim["claim_number"], "callback"):
        await schedule_callback(client, claim)
    return claim["claim_number"]


async def hand_to_person(client: ClaimsApiClient, held: HeldReport, detail: str) -> None:
    """Open a handoff so that an agent files a report the API refused; a refused ticket is only logged."""
    report = held.report
    if not report.get("conversation_id"):
        logger.error("held report %s has no conversation to hand over; file it by hand", held.report_id)
        return
    summary = REJECTED_SUMMARY.format(detail=detail, reporter=report["reporter_name"], phone=report["reporter_phone"])
    try:
        await client.open_handoff(
            {
                "conversation_id": report["conversation_id"],
                "channel": report["channel"],
                "reason": "report_rejected",
                "summary": summary[:2000],
                "facts": report,
            }
        )
    except ClaimsApiRejected as refused:
        logger.error("handoff for held report %s refused: %s", held.report_id, refused.detail)


async def drain(client: ClaimsApiClient) -> int:
    """File the held reports one by one until the API stops answering; how many were filed."""
    filed = 0
    for held in held_reports():
        try:
            claim_number = await file_held_report(client, held)
        except ClaimsApiUnavailable as error:
            logger.info("claims API still unavailable (%s); held reports wait for the next round", error)
            return filed
        except ClaimsApiRejected as refused:
            # Kept with its error, and a person asked to file it: a refused report is never dropped silently.
            await hand_to_person(client, held, refused.detail)
            mark_rejected(held.report_id, refused.detail)
            logger.error(
                "held report %s refused by the claims API (%s); handed to a person", held.report_id, refused.detail
            )
            continue
        mark_filed(held.report_id, claim_number)
        filed += 1
        logger.info("held report %s filed as %s", held.report_id, claim_number)
    return filed


async def run(poll_seconds: float, stopping: asyncio.Event) -> None:
    """Drain the outbox every poll_seconds until stopping is set."""
    client = ClaimsApiClient()
    while not stopping.is_set():
        try:
            await drain(client)
        except Exception:
            # A bad round (the outbox file locked, an unexpected answer) must not end the drainer.
            logger.exception("report outbox round failed")
        try:
            await asyncio.wait_for(stopping.wait(), poll_seconds)
        except asyncio.TimeoutError:
            pass


def main() -> None:
    """Run the drainer until SIGINT or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = ActionsSettings.from_environment()
    poll_seconds = settings.outbox_poll_seconds
    logger.info("report outbox %s drained every %s s", settings.outbox_db, poll_seconds)

    async def until_signalled() -> None:
        stopping = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(signum, stopping.set)
        await run(poll_seconds, stopping)

    asyncio.run(until_signalled())


if __name__ == "__main__":
    main()
