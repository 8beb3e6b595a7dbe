"""The standards tables: limits by date and fault, regional rows, defaults, and adding rows without code."""

import os
import shutil
from datetime import date
from decimal import Decimal

import pytest

from api.domain.settlement import estimate
from api.domain.standards import DATA_DIR, StandardNotFound, load_standards, normalize_region
from api.schemas.settlement import SettlementRequest


@pytest.fixture
def standards():
    return load_standards()


@pytest.mark.parametrize(
    ("accident_date", "at_fault", "death_disability", "medical", "property"),
    [
        (date(2020, 9, 18), True, 110000, 10000, 2000),
        (date(2020, 9, 19), True, 180000, 18000, 2000),
        (date(2020, 9, 18), False, 11000, 1000, 100),
        (date(2020, 9, 19), False, 18000, 1800, 100),
        (date(2008, 2, 1), True, 110000, 10000, 2000),
        (None, True, 180000, 18000, 2000),
        (None, False, 18000, 1800, 100),
    ],
)
def test_limits_follow_the_accident_date_and_fault(
    standards, accident_date, at_fault, death_disability, medical, property
):
    limits = standards.limits_for(accident_date, at_fault)
    assert (limits.death_disability, limits.medical, limits.property) == (death_disability, medical, property)
    assert limits.total == death_disability + medical + property


def test_totals_match_domain(standards):
    assert standards.limits_for(date(2024, 1, 1), True).total == 200000
    assert standards.limits_for(date(2024, 1, 1), False).total == 19900
    assert standards.limits_for(date(2019, 1, 1), True).total == 122000
    assert standards.limits_for(date(2019, 1, 1), False).total == 12100


def test_accident_before_2008_has_no_limits(standards):
    with pytest.raises(StandardNotFound) as raised:
        standards.limits_for(date(2008, 1, 31), True)
    assert raised.value.code == "accident_date_not_covered"


def test_regional_rows_carry_figures_source_and_verification(standards):
    jiangsu = standards.regional_figures("江苏省", 2023)
    assert {name: row.amount for name, row in jiangsu.items()} == {
        "per_capita_income": 63211,
        "per_capita_consumption": 40461,
        "average_annual_wage": 127620,
    }
    assert [name for name, row in jiangsu.items() if row.verified] == ["per_capita_income", "per_capita_consumption"]
    assert standards.regional_figures("北京市", 2023)["per_capita_income"].amount == 88650
    assert standards.regional_figures("广东", 2023)["per_capita_consumption"].amount == 39333
    for region in ("上海", "浙江", "四川", "河南"):
        assert not standards.regional_figures(region, 2023)["per_capita_income"].verified


def test_every_unverified_figure_says_so_in_its_source(standards):
    for row in (*standards.regional, *standards.trade_wages):
        assert row.source
        assert row.verified or row.source.startswith("未核实"), row


def test_years_are_listed_latest_first(standards):
    assert standards.years("全国") == [2025, 2024, 2023, 2022]
    assert standards.years("湖南省") == [2024, 2022]
    assert standards.years("黑龙江") == []
    assert standards.regional_figures("全国", 2024)["per_capita_consumption"].amount == 34557
    assert "per_capita_consumption" not in standards.regional_figures("全国", 2023)


def test_default_liability_ratios(standards):
    ratios = {name: entry.ratio for name, entry in standards.liability_ratios.items()}
    assert ratios == {"全责": 1, "主责": Decimal("0.7"), "同责": Decimal("0.5"), "次责": Decimal("0.3"), "无责": 0}
    assert "第23条" in standards.liability_ratios["主责"].source


def test_practice_defaults_are_labelled_as_practice(standards):
    meal, nutrition = standards.practice_rates["meal_allowance"], standards.practice_rates["nutrition"]
    assert (meal.per_day, meal.range_low, meal.range_high) == (50, 30, 100)
    assert (nutrition.per_day, nutrition.range_low, nutrition.range_high) == (30, 20, 50)
    assert meal.source.startswith("实务") and nutrition.source.startswith("实务")


def test_loading_is_cached(standards):
    assert load_standards() is standards


def test_an_added_row_is_picked_up_without_code_change(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    before = load_standards(tmp_path)
    assert before.years("测试地区") == []
    regional = tmp_path / "regional_standards.csv"
    with regional.open("a", encoding="utf-8") as file:
        file.write(
            "测试地区,2024,per_capita_income,55000,测试数据,true\n"
            "测试地区,2024,average_annual_wage,150000,测试数据,true\n"
            "江苏,2025,per_capita_income,69000,测试数据,true\n"
        )
    stat = regional.stat()
    os.utime(regional, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    after = load_standards(tmp_path)
    assert after.years("测试地区") == [2024]
    assert after.years("江苏") == [2025, 2024, 2023, 2022]
    assert "测试地区" in after.regions()

    result = estimate(SettlementRequest(region="测试地区", victim_age=30, death=True), after)
    assert {item.code: item.amount for item in result.items} == {
        "death_compensation": Decimal("1100000.00"),  # 55,000 × 20
        "funeral": Decimal("75000.00"),  # 150,000 ÷ 2
    }
    assert result.standards.statistical_year == 2024


@pytest.mark.parametrize(
    "row",
    [
        "测试地区,2024,per_capita_wealth,1,测试数据,true\n",
        "测试地区,2024,per_capita_income,1,测试数据,yes\n",
        "江苏,2023,per_capita_income,1,测试数据,true\n",
    ],
)
def test_a_row_with_an_unknown_figure_or_flag_or_a_second_value_is_refused(tmp_path, row):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    with (tmp_path / "regional_standards.csv").open("a", encoding="utf-8") as file:
        file.write(row)
    with pytest.raises(ValueError):
        load_standards(tmp_path)


@pytest.mark.parametrize(
    ("place", "province"),
    [
        ("南京", "江苏"),
        ("南京市", "江苏"),
        ("深圳市", "广东"),
        ("江苏省", "江苏"),
        ("北京市", "北京"),
        ("内蒙古自治区", "内蒙古"),
        ("全国", "全国"),
    ],
)
def test_a_city_or_province_name_finds_the_provinces_short_name(place, province):
    assert normalize_region(place) == province
