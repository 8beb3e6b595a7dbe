"""The follow-up worker against a stand-in Rasa server: exactly once, crashes, retries, quiet hours, channels."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as clock
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from api.clients.rasa import RasaClient
from api.core.db import SessionLocal
from api.crud import followups
from api.domain.followup_rules import QuietHours
from api.models import Channel, FollowUp, FollowUpKind, FollowUpStatus, utcnow
from api.worker import Worker

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHANGHAI = ZoneInfo("Asia/Shanghai")
NO_QUIET_HOURS = QuietHours(clock(0, 0), clock(0, 0), SHANGHAI)


class StandInRasa(ThreadingHTTPServer):
    """A real HTTP server answering like Rasa's tracker and trigger_intent endpoints, recording every trigger."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _RasaHandler)
        self.lock = threading.Lock()
        self.events: dict[str, list[dict]] = {}
        self.triggers: list[dict] = []
        self.failures_left = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def claimant_wrote(self, conversation_id: str, at: datetime) -> None:
        """Add a message from the claimant at the given time to the conversation."""
        event = {
            "event": "user",
            "timestamp": at.timestamp(),
            "text": "你好",
            "metadata": {},
            "parse_data": {"intent": {"name": "greet"}, "entities": []},
        }
        with self.lock:
            self.events.setdefault(conversation_id, []).append(event)

    def followup_ids(self) -> list[str]:
        """The followup_id entity of every trigger_intent call, in order."""
        return [call["body"]["entities"]["followup_id"] for call in self.triggers]


class _RasaHandler(BaseHTTPRequestHandler):
    server: StandInRasa

    def log_message(self, *args) -> None:
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _conversation(self) -> tuple[str, dict]:
        url = urlparse(self.path)
        return url.path.split("/")[2], parse_qs(url.query)

    def do_GET(self) -> None:
        conversation_id, query = self._conversation()
        if query.get("token") != ["dev-rasa-token"]:
            return self._answer(401, {})
        with self.server.lock:
            self._answer(200, {"sender_id": conversation_id, "events": self.server.events.get(conversation_id, [])})

    def do_POST(self) -> None:
        conversation_id, query = self._conversation()
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.server.lock:
            if self.server.failures_left:
                self.server.failures_left -= 1
                return self._answer(500, {"message": "stand-in failure"})
            self.server.triggers.append({"conversation_id": conversation_id, "query": query, "body": body})
            entities = [{"entity": name, "value": value} for name, value in body["entities"].items()]
            self.server.events.setdefault(conversation_id, []).append(
                {
                    "event": "user",
                    "timestamp": time.time(),
                    "text": f"EXTERNAL: {body['name']}",
                    "metadata": {"is_external": True},
                    "parse_data": {"intent": {"name": body["name"]}, "entities": entities},
                }
            )
        self._answer(200, {"tracker": {}})


@pytest.fixture
def rasa():
    """The stand-in Rasa server, running."""
    server = StandInRasa()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def nothing_else_due(database) -> None:
    """Cancel what other tests left due, so the worker here only sees this test's nudges."""
    with SessionLocal() as session:
        session.execute(
            update(FollowUp)
            .where(FollowUp.status.in_(followups.CANCELLABLE | {FollowUpStatus.delivering}))
            .values(status=FollowUpStatus.cancelled)
        )
        session.commit()


def _add(
    channel: Channel = Channel.web,
    kind: FollowUpKind = FollowUpKind.callback,
    due_in: timedelta = timedelta(),
    conversation_id: str | None = None,
) -> int:
    with SessionLocal() as session:
        followup = FollowUp(
            conversation_id=conversation_id or f"c-{uuid.uuid4().hex[:12]}",
            channel=channel,
            kind=kind,
            due_at=utcnow() + due_in,
        )
        session.add(followup)
        session.commit()
        return followup.id


def _read(followup_id: int) -> FollowUp:
    with SessionLocal() as session:
        return session.get(FollowUp, followup_id)


def _worker(rasa: StandInRasa, name: str = "w1", quiet: QuietHours = NO_QUIET_HOURS) -> Worker:
    return Worker(RasaClient(rasa.url, "dev-rasa-token"), worker_id=name, quiet=quiet)


def test_a_due_nudge_is_sent_once_with_the_c1_entities_and_recorded(rasa, nothing_else_due):
    followup_id = _add(Channel.web, FollowUpKind.callback)
    later_id = _add(Channel.web, FollowUpKind.callback, due_in=timedelta(hours=1))
    worker = _worker(rasa)
    assert worker.run_once() == 1
    assert worker.run_once() == 0
    followup = _read(followup_id)
    assert (followup.status, followup.attempts, followup.locked_by) == (FollowUpStatus.delivered, 0, None)
    assert followup.delivered_at is not None
    assert rasa.triggers == [
        {
            "conversation_id": followup.conversation_id,
            "query": {"output_channel": ["latest"], "token": ["dev-rasa-token"]},
            "body": {
                "name": "EXTERNAL_followup",
                "entities": {"followup_id": str(followup_id), "followup_kind": "callback"},
            },
        }
    ]
    assert _read(later_id).status == FollowUpStatus.scheduled


def test_two_worker_processes_deliver_each_nudge_exactly_once(rasa, nothing_else_due):
    env = dict(
        os.environ,
        RASA_URL=rasa.url,
        RASA_TOKEN="dev-rasa-token",
        FOLLOWUP_POLL_SECONDS="0.1",
        QUIET_HOURS_START="00:00",
        QUIET_HOURS_END="00:00",
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "api.worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    # Both must be polling before anything is due, or the first one up delivers all and the other is stopped
    # while still starting (its first log line says it polls).
    started = [worker.stderr.readline() for worker in workers]
    ids = [_add(Channel.web, FollowUpKind.callback) for _ in range(12)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(_read(i).status != FollowUpStatus.delivered for i in ids):
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        logs = [first + worker.communicate(timeout=30)[1] for first, worker in zip(started, workers)]
    assert [worker.returncode for worker in workers] == [0, 0], logs
    assert sorted(rasa.followup_ids()) == sorted(str(i) for i in ids)
    assert {_read(i).status for i in ids} == {FollowUpStatus.delivered}
    with SessionLocal() as session:
        holders = session.scalars(select(FollowUp.locked_by).where(FollowUp.id.in_(ids))).all()
    assert holders == [None] * len(ids)


def _crash_while_holding(followup_id: int, rasa: StandInRasa, sent: bool) -> None:
    """A worker takes the nudge, maybe sends it, and dies before recording anything; then its lease runs out."""
    with SessionLocal() as session:
        followup = session.get(FollowUp, followup_id)
        assert followups.take(session, followup, "crashed", utcnow(), timedelta(minutes=2))
        if sent:
            RasaClient(rasa.url, "dev-rasa-token").trigger_intent(
                followup.conversation_id, "EXTERNAL_followup", {"followup_id": str(followup_id)}
            )
    assert _worker(rasa, "w2").run_once() == 0, "the lease still runs"
    with SessionLocal() as session:
        session.execute(
            update(FollowUp).where(FollowUp.id == followup_id).values(locked_until=utcnow() - timedelta(seconds=1))
        )
        session.commit()


def test_after_a_crash_mid_delivery_the_tracker_shows_it_was_sent_and_it_is_not_sent_again(rasa, nothing_else_due):
    followup_id = _add()
    _crash_while_holding(followup_id, rasa, sent=True)
    assert _worker(rasa, "w2").run_once() == 1
    assert rasa.followup_ids() == [str(followup_id)]
    assert _read(followup_id).status == FollowUpStatus.delivered


def test_after_a_crash_before_sending_the_nudge_is_sent_once(rasa, nothing_else_due):
    followup_id = _add()
    _crash_while_holding(followup_id, rasa, sent=False)
    assert _worker(rasa, "w2").run_once() == 1
    assert rasa.followup_ids() == [str(followup_id)]
    assert _read(followup_id).status == FollowUpStatus.delivered


def test_failures_are_retried_after_doubling_pauses_then_given_up_with_the_error(rasa, nothing_else_due):
    followup_id = _add()
    rasa.failures_left = 100
    worker = _worker(rasa)
    pauses = []
    for attempt in range(1, 6):
        before = utcnow()
        worker.run_once()
        followup = _read(followup_id)
        assert followup.attempts == attempt
        assert "500" in followup.last_error
        if attempt < 5:
            assert followup.status == FollowUpStatus.scheduled
            pauses.append(round((followup.due_at - before).total_seconds() / 60))
            with SessionLocal() as session:
                session.execute(update(FollowUp).where(FollowUp.id == followup_id).values(due_at=utcnow()))
                session.commit()
    assert pauses == [1, 2, 4, 8]
    assert _read(followup_id).status == FollowUpStatus.failed
    assert rasa.triggers == []


def test_after_one_failure_the_next_try_goes_through(rasa, nothing_else_due):
    followup_id = _add()
    rasa.failures_left = 1
    _worker(rasa).run_once()
    with SessionLocal() as session:
        session.execute(update(FollowUp).where(FollowUp.id == followup_id).values(due_at=utcnow()))
        session.commit()
    _worker(rasa).run_once()
    assert (_read(followup_id).status, _read(followup_id).attempts) == (FollowUpStatus.delivered, 1)
    assert rasa.followup_ids() == [str(followup_id)]


def _quiet_now() -> QuietHours:
    local = datetime.now(SHANGHAI)
    return QuietHours((local - timedelta(hours=1)).time(), (local + timedelta(hours=1)).time(), SHANGHAI)


def test_in_quiet_hours_a_reminder_waits_for_their_end_but_the_call_back_goes_out(rasa, nothing_else_due):
    reminder = _add(Channel.web, FollowUpKind.materials_reminder)
    callback = _add(Channel.web, FollowUpKind.callback)
    quiet = _quiet_now()
    _worker(rasa, quiet=quiet).run_once()
    assert rasa.followup_ids() == [str(callback)]
    waiting = _read(reminder)
    assert (waiting.status, waiting.attempts) == (FollowUpStatus.scheduled, 0)
    assert waiting.due_at == quiet.end_if_inside(utcnow())


def test_rest_nudges_wait_for_the_claimants_turn_and_wechat_ones_for_the_window(rasa, nothing_else_due):
    rest = _add(Channel.rest)
    wechat_open, wechat_closed = _add(Channel.wechat), _add(Channel.wechat)
    rasa.claimant_wrote(_read(wechat_open).conversation_id, utcnow() - timedelta(hours=47))
    rasa.claimant_wrote(_read(wechat_closed).conversation_id, utcnow() - timedelta(hours=49))
    _worker(rasa).run_once()
    assert rasa.followup_ids() == [str(wechat_open)]
    assert _read(rest).status == FollowUpStatus.awaiting_turn
    held = _read(wechat_closed)
    assert held.status == FollowUpStatus.awaiting_turn
    assert timedelta(minutes=9) < held.due_at - utcnow() <= timedelta(minutes=10)
    # The claimant writes again: the next look at the held WeChat nudge finds the window open.
    rasa.claimant_wrote(held.conversation_id, utcnow())
    with SessionLocal() as session:
        session.execute(update(FollowUp).where(FollowUp.id == wechat_closed).values(due_at=utcnow()))
        session.commit()
    _worker(rasa).run_once()
    assert rasa.followup_ids() == [str(wechat_open), str(wechat_closed)]
    assert _read(rest).status == FollowUpStatus.awaiting_turn


def test_an_opted_out_reminder_is_never_sent_but_the_call_back_is(rasa, nothing_else_due, client, service):
    conversation = f"c-{uuid.uuid4().hex[:12]}"
    reminder = _add(Channel.web, FollowUpKind.materials_reminder, conversation_id=conversation)
    callback = _add(Channel.web, FollowUpKind.callback, conversation_id=conversation)
    client.post(f"/api/v1/preferences/{conversation}/opt-out", headers=service)
    _worker(rasa).run_once()
    assert rasa.followup_ids() == [str(callback)]
    assert _read(reminder).status == FollowUpStatus.cancelled


def test_the_channel_takes_a_held_nudge_once_and_records_its_delivery(rasa, nothing_else_due, client, service):
    followup_id = _add(Channel.rest)
    url = f"/api/v1/followups/{followup_id}"
    assert client.post(f"{url}/delivered", headers=service).json()["code"] == "followup_not_taken"
    _worker(rasa).run_once()
    taken = client.post(f"{url}/take", headers=service)
    assert taken.status_code == 200
    assert (taken.json()["status"], taken.json()["trigger_entities"]) == (
        "delivering",
        {"followup_id": str(followup_id), "followup_kind": "callback"},
    )
    again = client.post(f"{url}/take", headers=service)
    assert (again.status_code, again.json()["code"]) == (409, "followup_not_held")
    for _ in range(2):
        delivered = client.post(f"{url}/delivered", headers=service)
        assert (delivered.status_code, delivered.json()["status"]) == (200, "delivered")
    assert rasa.triggers == []


def test_a_channel_that_died_after_taking_a_held_nudge_is_covered_by_the_worker(
    rasa, nothing_else_due, client, service
):
    followup_id = _add(Channel.rest)
    _worker(rasa).run_once()
    assert client.post(f"/api/v1/followups/{followup_id}/take", headers=service).status_code == 200
    with SessionLocal() as session:
        session.execute(
            update(FollowUp).where(FollowUp.id == followup_id).values(locked_until=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    _worker(rasa).run_once()
    assert _read(followup_id).status == FollowUpStatus.awaiting_turn
    assert rasa.triggers == []
