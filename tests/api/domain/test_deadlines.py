"""Deadlines after an accident (docs/domain-rules.md §5)."""

from datetime import datetime, timedelta

import pytest
from pydantic import ValidationError

from api.domain.deadlines import compute_deadlines, working_days_later, years_later
from api.schemas.deadlines import SHANGHAI, DeadlineFacts, DeadlineRequest

ACCIDENT = datetime(2024, 3, 15, 10, 0, tzinfo=SHANGHAI)  # a Friday
FORBIDDEN = ("交强险条例规定48小时", "一律拒赔", "诉讼时效一年", "15日内")


def by_code(facts: DeadlineFacts, now: datetime) -> dict:
    return {deadline.code: deadline for deadline in compute_deadlines(facts, now)}


def facts(**changes) -> DeadlineFacts:
    return DeadlineFacts(accident_time=ACCIDENT, **changes)


def test_all_five_deadlines_in_order():
    assert list(by_code(facts(), ACCIDENT)) == [
        "police_report",
        "insurer_notice_48h",
        "liability_review_3d",
        "limitation_tort_3y",
        "limitation_insurer_2y",
    ]


def test_police_report_is_due_immediately():
    now = ACCIDENT + timedelta(hours=2)
    assert by_code(facts(), now)["police_report"].status == "overdue"
    assert by_code(facts(), now)["police_report"].remaining_hours == -2.0
    assert by_code(facts(police_reported=True), now)["police_report"].status == "done"
    assert "第70条" in by_code(facts(), now)["police_report"].legal_basis


def test_insurer_notice_is_48_hours_from_the_accident():
    notice = by_code(facts(), ACCIDENT + timedelta(hours=20))["insurer_notice_48h"]
    assert notice.due_at == datetime(2024, 3, 17, 10, 0, tzinfo=SHANGHAI)
    assert (notice.status, notice.remaining_hours) == ("open", 28.0)
    late = by_code(facts(), ACCIDENT + timedelta(hours=50))["insurer_notice_48h"]
    assert (late.status, late.remaining_hours) == ("overdue", -2.0)
    assert by_code(facts(insurer_notified=True), ACCIDENT)["insurer_notice_48h"].status == "done"


def test_insurer_that_already_knew_makes_the_notice_term_moot():
    knew = by_code(facts(insurer_knew_via_police_or_hospital=True), ACCIDENT + timedelta(days=5))
    assert knew["insurer_notice_48h"].status == "not_applicable"


def test_late_notice_is_explained_as_a_contract_term_never_as_refusal():
    notice = by_code(facts(), ACCIDENT + timedelta(days=5))["insurer_notice_48h"]
    assert "合同的约定" in notice.consequence and "不会因此被直接拒赔" in notice.consequence
    assert "重大过失" in notice.consequence and "交警或医院" in notice.consequence
    assert "保险法第21条" in notice.legal_basis


@pytest.mark.parametrize(
    ("received", "due_day"),
    [
        (datetime(2024, 3, 15, 18, 0), datetime(2024, 3, 20)),  # Friday: Mon, Tue, Wed
        (datetime(2024, 3, 18, 9, 0), datetime(2024, 3, 21)),  # Monday: Tue, Wed, Thu
        (datetime(2024, 3, 16, 9, 0), datetime(2024, 3, 20)),  # Saturday: Mon, Tue, Wed
    ],
)
def test_review_is_due_at_the_end_of_the_third_working_day(received, due_day):
    review = by_code(facts(liability_report_received_at=received), received.replace(tzinfo=SHANGHAI))
    assert review["liability_review_3d"].due_at == due_day.replace(hour=23, minute=59, second=59, tzinfo=SHANGHAI)
    assert review["liability_review_3d"].status == "open"


def test_review_without_a_report_is_not_applicable_and_overdue_after_the_deadline():
    assert by_code(facts(), ACCIDENT)["liability_review_3d"].status == "not_applicable"
    assert by_code(facts(), ACCIDENT)["liability_review_3d"].due_at is None
    received = datetime(2024, 3, 15, 18, 0, tzinfo=SHANGHAI)
    later = by_code(facts(liability_report_received_at=received), datetime(2024, 3, 21, 8, 0, tzinfo=SHANGHAI))
    assert later["liability_review_3d"].status == "overdue"
    assert later["liability_review_3d"].remaining_hours < 0
    assert "146号" in later["liability_review_3d"].legal_basis


def test_limitation_periods_end_on_the_same_date_three_and_two_years_later():
    deadlines = by_code(facts(), ACCIDENT)
    assert deadlines["limitation_tort_3y"].due_at == datetime(2027, 3, 15, 23, 59, 59, tzinfo=SHANGHAI)
    assert deadlines["limitation_insurer_2y"].due_at == datetime(2026, 3, 15, 23, 59, 59, tzinfo=SHANGHAI)
    assert "民法典第188条" in deadlines["limitation_tort_3y"].legal_basis
    assert "保险法第26条" in deadlines["limitation_insurer_2y"].legal_basis
    expired = by_code(facts(), datetime(2027, 3, 16, tzinfo=SHANGHAI))
    assert expired["limitation_tort_3y"].status == "overdue"


def test_date_helpers():
    assert years_later(datetime(2024, 2, 29).date(), 3) == datetime(2027, 2, 28).date()
    assert working_days_later(datetime(2024, 3, 15).date(), 3) == datetime(2024, 3, 20).date()


def test_naive_times_are_beijing_time_and_aware_times_are_converted():
    assert DeadlineFacts(accident_time="2024-03-15T10:00").accident_time == ACCIDENT
    utc = DeadlineFacts(accident_time="2024-03-14T20:00:00Z")
    assert utc.accident_time == datetime(2024, 3, 15, 4, 0, tzinfo=SHANGHAI)
    assert utc.accident_time.utcoffset() == timedelta(hours=8)
    tort = by_code(utc, ACCIDENT)["limitation_tort_3y"]
    assert tort.due_at.date() == datetime(2027, 3, 15).date()


def test_invalid_times_are_validation_errors():
    with pytest.raises(ValidationError, match="事故时间不能晚于当前时间"):
        DeadlineRequest(accident_time="2024-03-15T10:00", now="2024-03-14T10:00")
    with pytest.raises(ValidationError, match="收到认定书的时间不能早于事故时间"):
        DeadlineFacts(accident_time="2024-03-15T10:00", liability_report_received_at="2024-03-14T10:00")
    with pytest.raises(ValidationError, match="2000年到2100年"):
        DeadlineFacts(accident_time="1999-12-31T10:00")


def test_no_misinformation_in_any_text():
    received = datetime(2024, 3, 15, 18, 0, tzinfo=SHANGHAI)
    for deadline in compute_deadlines(facts(liability_report_received_at=received), ACCIDENT):
        for phrase in FORBIDDEN:
            assert phrase not in deadline.title + deadline.consequence + deadline.legal_basis
