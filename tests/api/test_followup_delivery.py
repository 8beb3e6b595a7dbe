"""Taking due follow-ups for delivery: safe with several workers, retried after failures."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import update

from api.core.db import SessionLocal
from api.crud import followups
from api.models import Channel, FollowUp, FollowUpKind, FollowUpStatus, utcnow

LEASE = timedelta(minutes=2)


@pytest.fixture
def due(database) -> list[int]:
    """Six nudges that are due now, and nothing else due."""
    with SessionLocal() as session:
        session.execute(
            update(FollowUp).where(FollowUp.status == FollowUpStatus.scheduled).values(status=FollowUpStatus.cancelled)
        )
        rows = [
            FollowUp(
                conversation_id=f"due-{n}",
                channel=Channel.wechat,
                kind=FollowUpKind.callback,
                due_at=utcnow() - timedelta(minutes=n),
            )
            for n in range(6)
        ]
        session.add_all(rows)
        session.commit()
        return [row.id for row in rows]


def _claim(worker: str, limit: int = 6) -> list[int]:
    with SessionLocal() as session:
        return [followup.id for followup in followups.claim_due(session, worker, limit, LEASE)]


def test_two_workers_never_take_the_same_nudge(due):
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(lambda worker: _claim(worker, 4), ["w1", "w2"])
    assert not set(first) & set(second)
    assert set(first) | set(second) == set(due)


def test_a_lease_that_ran_out_is_taken_again(due):
    taken = _claim("w1")
    assert _claim("w2") == []
    with SessionLocal() as session:
        session.execute(
            update(FollowUp).where(FollowUp.id.in_(taken)).values(locked_until=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    assert sorted(_claim("w2")) == sorted(due)


def test_failures_are_retried_later_then_given_up(due):
    _claim("w1")
    with SessionLocal() as session:
        followup = session.get(FollowUp, due[0])
        followups.mark_failed(followup, "rasa unreachable")
        assert (followup.status, followup.attempts, followup.last_error) == (
            FollowUpStatus.scheduled,
            1,
            "rasa unreachable",
        )
        assert followup.due_at > utcnow()
        followup.attempts = followups.MAX_ATTEMPTS
        followups.mark_failed(followup, "still unreachable")
        assert followup.status == FollowUpStatus.failed
        delivered = session.get(FollowUp, due[1])
        followups.mark_delivered(delivered)
        assert (delivered.status, delivered.locked_by) == (FollowUpStatus.delivered, None)
        session.commit()
