"""A report sent again under the same report_id (the bot's outbox retrying, a double tap) makes one claim."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from api.core.db import SessionLocal
from api.crud import claims
from api.models import Claim
from api.schemas.claims import ClaimCreate

CONCURRENT_SENDS = 6


def _claims_with(report_id: str) -> list[str]:
    with SessionLocal() as session:
        return list(session.scalars(select(Claim.claim_number).where(Claim.report_id == report_id)))


def test_a_report_sent_again_returns_the_same_claim_with_200(client, service, agent, report):
    report_id = uuid.uuid4().hex
    first = client.post("/api/v1/claims", json=report(report_id=report_id), headers=service)
    again = client.post("/api/v1/claims", json=report(report_id=report_id), headers=service)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert first.json()["report_id"] == report_id
    assert _claims_with(report_id) == [first.json()["claim_number"]]


def test_reports_without_or_with_other_report_ids_are_new_claims(client, service, report):
    answers = [
        client.post("/api/v1/claims", json=body, headers=service)
        for body in (report(), report(), report(report_id="a"), report(report_id="b"))
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 201, 201]
    assert len({answer.json()["claim_number"] for answer in answers}) == 4
    assert answers[0].json()["report_id"] is None


def test_concurrent_sends_of_one_report_make_one_claim(client, service, report):
    report_id = uuid.uuid4().hex

    def send(_) -> tuple[int, str]:
        response = client.post("/api/v1/claims", json=report(report_id=report_id), headers=service)
        return response.status_code, response.json()["claim_number"]

    with ThreadPoolExecutor(max_workers=CONCURRENT_SENDS) as pool:
        answers = list(pool.map(send, range(CONCURRENT_SENDS)))

    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (CONCURRENT_SENDS - 1) + [201]
    assert len({number for _, number in answers}) == 1
    assert _claims_with(report_id) == [answers[0][1]]


def test_a_report_whose_twin_is_being_recorded_gets_the_twins_claim(database, report):
    body = ClaimCreate(**report(report_id=uuid.uuid4().hex))

    def record_in_own_session() -> tuple[str, bool]:
        with SessionLocal() as session:
            claim, created = claims.record_report(session, body, "test")
            session.commit()
            return claim.claim_number, created

    with SessionLocal() as first, ThreadPoolExecutor(max_workers=1) as pool:
        twin, _ = claims.record_report(first, body, "test")
        # The second looks while the first is not committed yet: PostgreSQL lets it past the lookup to the unique
        # constraint, SQLite makes it wait for the first's commit.
        second = pool.submit(record_in_own_session)
        time.sleep(1)
        first.commit()
        assert second.result() == (twin.claim_number, False)
    assert _claims_with(body.report_id) == [twin.claim_number]


def test_a_report_id_is_1_to_64_characters(client, service, report):
    for report_id in ("", "x" * 65):
        response = client.post("/api/v1/claims", json=report(report_id=report_id), headers=service)
        assert response.status_code == 422, response.text
