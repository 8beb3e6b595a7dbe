"""Properties of the estimate over many generated cases."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from api.domain.settlement import estimate
from api.domain.standards import load_standards
from api.schemas.settlement import SettlementEstimate, SettlementRequest

STANDARDS = load_standards()
EXAMPLES = settings(max_examples=200, deadline=None)

money = st.integers(min_value=0, max_value=50_000_000).map(lambda cents: Decimal(cents) / 100)
days = st.integers(min_value=0, max_value=400)
COSTS = ("medical_costs", "follow_up_treatment_costs", "transport_costs", "lodging_costs", "device_costs")
DAYS = ("hospital_days", "nutrition_days", "lost_work_days", "nursing_days")


def without_conflicts(fields: dict) -> dict:
    """A death has no disability grade, and extra grades need a main grade."""
    if fields.get("death"):
        fields.pop("disability_grade", None)
    if "disability_grade" not in fields:
        fields.pop("extra_disability_grades", None)
    return fields


cases = st.fixed_dictionaries(
    {
        "accident_date": st.dates(min_value=date(2008, 2, 1), max_value=date(2030, 12, 31)),
        "region": st.sampled_from(["全国", "北京", "广东", "江苏", "上海", "河南"]),
        "victim_age": st.integers(min_value=0, max_value=120),
        **{name: money for name in COSTS},
        **{name: days for name in DAYS},
        "daily_income": money,
        "nursing_per_day": money,
        "nursing_persons": st.integers(min_value=1, max_value=3),
        "mental_distress": money,
        "appraisal_costs": money,
        "commercial_third_party_limit": st.sampled_from([Decimal(0), Decimal(500_000), Decimal(3_000_000)]),
        "advances_paid": money,
        "liability": st.sampled_from(["全责", "主责", "同责", "次责", "无责"]),
    },
    optional={
        "disability_grade": st.integers(min_value=1, max_value=10),
        "liability_ratio": st.integers(min_value=0, max_value=100).map(lambda share: Decimal(share) / 100),
        "vehicle_at_fault": st.booleans(),
        "per_capita_consumption": money,
        "dependants": st.lists(
            st.fixed_dictionaries(
                {"age": st.integers(0, 100), "supporters": st.integers(1, 4), "incapacitated": st.booleans()}
            ),
            max_size=4,
        ),
        "other_victims_losses": st.fixed_dictionaries({"medical": money, "death_disability": money}),
        "average_monthly_wage": money,
        "death": st.booleans(),
        "extra_disability_grades": st.lists(st.integers(min_value=1, max_value=10), max_size=3),
    },
).map(without_conflicts)


def run(fields: dict) -> SettlementEstimate:
    return estimate(SettlementRequest(**fields), STANDARDS)


def payable(result: SettlementEstimate) -> Decimal:
    return result.total_loss - result.victim_bears


@EXAMPLES
@given(cases)
def test_amounts_are_never_negative_and_add_up(fields):
    result = run(fields)
    amounts = [item.amount for item in result.items]
    assert all(amount > 0 for amount in amounts)
    assert sum(amounts) == result.total_loss
    shares = [result.compulsory.paid, result.commercial.paid, result.liable_party_pays, result.victim_bears]
    assert all(share >= 0 for share in shares)
    assert sum(shares) == result.total_loss
    assert result.remaining_payable >= 0
    assert all(amount == amount.quantize(Decimal("0.01")) for amount in [*amounts, *shares])


@EXAMPLES
@given(cases)
def test_sub_limits_and_the_commercial_limit_are_never_exceeded(fields):
    result = run(fields)
    for part in result.compulsory.sub_limits:
        assert 0 <= part.paid <= min(part.limit, part.loss)
        assert part.loss == sum(item.amount for item in result.items if item.sub_limit == part.sub_limit)
    assert result.compulsory.paid <= result.compulsory.total_limit
    assert result.commercial.paid <= result.commercial.limit


@settings(max_examples=60, deadline=None)
@given(cases)
def test_a_higher_grade_number_never_gives_more(fields):
    injured = {**fields, "death": False}
    results = [run({**injured, "disability_grade": grade}) for grade in range(1, 11)]
    for more_severe, less_severe in zip(results, results[1:]):
        assert more_severe.total_loss >= less_severe.total_loss
        assert payable(more_severe) >= payable(less_severe)


@EXAMPLES
@given(cases, st.sampled_from(COSTS + DAYS), st.integers(min_value=1, max_value=1000))
def test_more_costs_or_days_never_give_less(fields, name, increase):
    more = {**fields, name: fields[name] + increase}
    before, after = run(fields), run(more)
    assert after.total_loss >= before.total_loss
    assert after.compulsory.paid >= before.compulsory.paid
    assert after.commercial.paid >= before.commercial.paid
    assert payable(after) >= payable(before)
