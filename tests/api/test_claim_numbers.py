"""Claim numbers: RPT, the Beijing date, a 6-digit daily sequence, unique under concurrency."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

from api.core.db import SessionLocal
from api.crud import claims
from api.models import Channel
from api.schemas.claims import ClaimCreate
from api.schemas.common import SHANGHAI

REPORT = ClaimCreate(
    accident_time=datetime(2026, 11, 20, 8, 30),
    accident_place="路口",
    reporter_name="李四",
    reporter_phone="13800138000",
    channel=Channel.web,
)
WORKERS = 8
REPORTS = 320


def test_the_sequence_starts_at_1_each_day_and_counts_up(database):
    with SessionLocal() as session:
        assert claims.next_claim_number(session, date(2031, 5, 6)) == "RPT20310506000001"
        assert claims.next_claim_number(session, date(2031, 5, 6)) == "RPT20310506000002"
        assert claims.next_claim_number(session, date(2031, 5, 7)) == "RPT20310507000001"
        session.commit()


def test_a_number_taken_by_a_report_that_fails_is_given_again(database):
    with SessionLocal() as session:
        assert claims.next_claim_number(session, date(2031, 6, 1)) == "RPT20310601000001"
        session.rollback()
        assert claims.next_claim_number(session, date(2031, 6, 1)) == "RPT20310601000001"


def test_the_date_is_todays_date_in_beijing(client, new_claim):
    number = new_claim()["claim_number"]
    assert number[3:11] == datetime.now(SHANGHAI).strftime("%Y%m%d")


def test_concurrent_reports_get_distinct_consecutive_numbers(database):
    def report_one(_) -> str:
        with SessionLocal() as session:
            number = claims.create(session, REPORT, "test").claim_number
            session.commit()
            return number

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        numbers = list(pool.map(report_one, range(REPORTS)))
    assert all(re.fullmatch(r"RPT\d{14}", number) for number in numbers)
    sequences = sorted(int(number[-6:]) for number in numbers)
    assert sequences == list(range(sequences[0], sequences[0] + REPORTS))
