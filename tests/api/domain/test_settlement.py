"""The estimate, reconciled to the yuan against figures worked by hand (docs/domain-rules.md §1–3)."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from api.domain.settlement import compensation_years, dependants_living_costs, disability_coefficient, estimate
from api.domain.standards import StandardNotFound, load_standards
from api.schemas.settlement import Dependant, SettlementRequest

D = Decimal
FORBIDDEN = ("交强险条例规定48小时", "一律拒赔", "诉讼时效一年", "平均生活费", "不超过30%", "不超过20%", "垫付最高1万")


def run(**fields):
    return estimate(SettlementRequest(**fields), load_standards())


def amounts(result) -> dict[str, Decimal]:
    return {item.code: item.amount for item in result.items}


def paid(result) -> dict[str, Decimal]:
    return {part.sub_limit: part.paid for part in result.compulsory.sub_limits}


def shares_add_up(result) -> bool:
    shares = result.compulsory.paid + result.commercial.paid + result.liable_party_pays + result.victim_bears
    return shares == result.total_loss == sum(amounts(result).values())


def test_case_1_grade_10_disability_of_a_65_year_old_in_jiangsu_2023():
    result = run(
        accident_date="2024-03-15",
        region="江苏",
        hearing_year=2024,
        victim_age=65,
        medical_costs="20000",
        hospital_days=10,
        nutrition_days=30,
        lost_work_days=90,
        daily_income="200",
        nursing_days=10,
        nursing_per_day="150",
        transport_costs="300",
        disability_grade=10,
        mental_distress="5000",
        appraisal_costs="2000",
        liability="全责",
        commercial_third_party_limit="1000000",
    )
    # 医疗费用: 20,000 + 伙食 50 × 10 = 500 + 营养 30 × 30 = 900 → 21,400 > 18,000 → 交强险 18,000
    # 残疾赔偿金: 63,211 × (20 − (65 − 60) = 15 years) × 10% = 94,816.50
    # 死亡伤残: 误工 200 × 90 = 18,000 + 护理 150 × 10 × 1 = 1,500 + 交通 300 + 94,816.50 + 精神 5,000 = 119,616.50
    # 鉴定费 2,000 outside 交强险; total 21,400 + 119,616.50 + 2,000 = 143,016.50
    # 交强险 18,000 + 119,616.50 = 137,616.50; excess 5,400 × 100% = 5,400 from the commercial insurer
    assert amounts(result) == {
        "medical_costs": D("20000.00"),
        "meal_allowance": D("500.00"),
        "nutrition": D("900.00"),
        "lost_work": D("18000.00"),
        "nursing": D("1500.00"),
        "transport": D("300.00"),
        "disability_compensation": D("94816.50"),
        "mental_distress": D("5000.00"),
        "appraisal": D("2000.00"),
    }
    assert result.total_loss == D("143016.50")
    assert paid(result) == {"医疗费用": D("18000.00"), "死亡伤残": D("119616.50")}
    assert result.compulsory.paid == D("137616.50")
    assert result.excess == D("5400.00")
    assert result.commercial.paid == D("5400.00")
    assert (result.liable_party_pays, result.victim_bears) == (D("0.00"), D("0.00"))
    assert result.remaining_payable == D("143016.50")
    assert shares_add_up(result)
    assert "江苏2023年城镇居民人均可支配收入63,211元 × 15年" in result.items[6].basis
    assert any("误工费一般需要证明" in warning for warning in result.warnings)
    assert any("按15年计算" in warning for warning in result.warnings)
    assert "2023年江苏" in result.disclaimer and "估算" in result.disclaimer
    assert result.standards.model_dump() == {
        "region": "江苏",
        "statistical_year": 2023,
        "year_basis": "一审在2024年审结的，按上一年度江苏2023年的统计数据",
        "verified": True,
        "figures": [
            {
                "figure": "per_capita_income",
                "title": "城镇居民人均可支配收入",
                "amount": D("63211"),
                "region": "江苏",
                "statistical_year": 2023,
                "source": "江苏省统计局 2023年统计数据",
                "verified": True,
                "overridden": False,
            }
        ],
        "overridden": [],
        "summary": "所用标准：一审在2024年审结的，按上一年度江苏2023年的统计数据，城镇居民人均可支配收入63,211元（已核实）。",
    }


def test_case_2_death_with_a_dependent_child():
    result = run(
        accident_date="2024-06-01",
        region="广东",
        victim_age=40,
        death=True,
        dependants=[{"age": 10, "supporters": 2}],
        average_monthly_wage="10000",
        medical_costs="5000",
        mental_distress="50000",
        liability="主责",
        commercial_third_party_limit="500000",
    )
    # 死亡赔偿金: 59,307 × 20 = 1,186,140
    # 被扶养人生活费: 39,333 × (18 − 10 = 8 years) ÷ 2 supporters = 157,332 (19,666.50 a year, under the 39,333 cap)
    # 丧葬费: 10,000 (given) × 6 = 60,000; 精神 50,000
    # 死亡伤残 1,453,472 → 交强险 180,000; 医疗费用 5,000 → 5,000; total 1,458,472; 交强险 185,000
    # excess 1,273,472 × 70% = 891,430.40 → commercial capped at 500,000, driver 391,430.40
    # victim bears 1,273,472 × 30% = 382,041.60
    assert amounts(result) == {
        "medical_costs": D("5000.00"),
        "death_compensation": D("1186140.00"),
        "dependants_living": D("157332.00"),
        "funeral": D("60000.00"),
        "mental_distress": D("50000.00"),
    }
    assert result.total_loss == D("1458472.00")
    assert paid(result) == {"医疗费用": D("5000.00"), "死亡伤残": D("180000.00")}
    assert result.excess == D("1273472.00")
    assert result.liability_ratio == D("0.7")
    assert result.commercial.paid == D("500000.00")
    assert result.liable_party_pays == D("391430.40")
    assert result.victim_bears == D("382041.60")
    assert result.remaining_payable == D("1076430.40")
    assert shares_add_up(result)
    assert result.standards.overridden == ["average_monthly_wage"]
    basis = {item.code: item.basis for item in result.items}
    assert "计入死亡赔偿金" in basis["dependants_living"]
    assert "您提供的职工月平均工资10,000元 × 6个月" in basis["funeral"]


def test_case_3_accident_in_2019_under_the_old_limits():
    result = run(
        accident_date="2019-07-01",
        hearing_year=2025,
        victim_age=30,
        medical_costs="15000",
        hospital_days=20,
        lost_work_days=30,
        monthly_income="6000",
        nursing_days=20,
        nursing_per_day="120",
        disability_grade=10,
        liability="全责",
    )
    # 医疗费用: 15,000 + 伙食 50 × 20 = 1,000 → 16,000 > old 10,000 → 10,000
    # 误工: 6,000 × 12 ÷ 365 × 30 = 5,917.808… → 5,917.81
    # 残疾赔偿金 (no region: national; heard in 2025, so the 2024 figures): 54,188 × 20 × 10% = 108,376
    # 死亡伤残: 5,917.81 + 护理 120 × 20 = 2,400 + 108,376 = 116,693.81 > old 110,000 → 110,000
    # total 132,693.81; 交强险 120,000; excess 12,693.81 all on the driver (全责, no commercial policy)
    assert amounts(result) == {
        "medical_costs": D("15000.00"),
        "meal_allowance": D("1000.00"),
        "lost_work": D("5917.81"),
        "nursing": D("2400.00"),
        "disability_compensation": D("108376.00"),
    }
    assert [(part.limit, part.paid) for part in result.compulsory.sub_limits] == [
        (D("10000.00"), D("10000.00")),
        (D("110000.00"), D("110000.00")),
    ]
    assert result.compulsory.total_limit == D("122000.00")
    assert result.total_loss == D("132693.81")
    assert result.excess == D("12693.81")
    assert result.commercial.paid == D("0.00")
    assert result.liable_party_pays == D("12693.81")
    assert result.victim_bears == D("0.00")
    assert shares_add_up(result)
    assert "月收入6,000元 × 12 ÷ 365 × 误工30天" in result.items[2].basis
    assert any("2022年5月1日以前" in warning for warning in result.warnings)
    assert any("按全国标准" in warning for warning in result.warnings)
    assert "2024年全国" in result.disclaimer


def test_case_4_meal_allowance_and_nutrition_compete_with_medical_costs():
    common = dict(
        accident_date="2023-08-01",
        region="江苏",
        medical_costs="17000",
        transport_costs="500",
        liability="次责",
        commercial_third_party_limit="200000",
    )
    result = run(**common, hospital_days=15, meal_allowance_per_day="100", nutrition_days=60, nutrition_per_day="40")
    # 医疗费用: 17,000 + 伙食 100 × 15 = 1,500 + 营养 40 × 60 = 2,400 = 20,900 > 18,000 → 18,000
    # 死亡伤残: 交通 500 → 500; total 21,400; 交强险 18,500; excess 2,900
    # 次责 30%: commercial 870; victim bears 2,030
    assert amounts(result) == {
        "medical_costs": D("17000.00"),
        "meal_allowance": D("1500.00"),
        "nutrition": D("2400.00"),
        "transport": D("500.00"),
    }
    assert paid(result) == {"医疗费用": D("18000.00"), "死亡伤残": D("500.00")}
    assert result.total_loss == D("21400.00")
    assert result.excess == D("2900.00")
    assert result.commercial.paid == D("870.00")
    assert result.liable_party_pays == D("0.00")
    assert result.victim_bears == D("2030.00")
    assert shares_add_up(result)
    # Without the allowances the medical costs alone fit the sub-limit: the 3,900 of allowances add only 1,000.
    alone = run(**common)
    assert paid(alone)["医疗费用"] == D("17000.00")
    assert result.compulsory.paid - alone.compulsory.paid == D("1000.00")
    assert "每天标准由您提供" in result.items[1].basis


def test_case_5_equal_fault_with_commercial_policy_and_an_advance():
    result = run(
        accident_date="2024-01-10",
        region="北京",
        hearing_year=2024,
        victim_age=35,
        medical_costs="50000",
        hospital_days=30,
        nutrition_days=90,
        lost_work_days=180,
        daily_income="300",
        nursing_days=30,
        nursing_per_day="200",
        transport_costs="1000",
        disability_grade=9,
        mental_distress="10000",
        appraisal_costs="3000",
        liability="同责",
        commercial_third_party_limit="1000000",
        advances_paid="20000",
    )
    # 医疗费用: 50,000 + 伙食 50 × 30 = 1,500 + 营养 30 × 90 = 2,700 = 54,200 → 18,000
    # 残疾赔偿金: 88,650 × 20 × 20% (grade 9) = 354,600
    # 死亡伤残: 误工 300 × 180 = 54,000 + 护理 200 × 30 = 6,000 + 交通 1,000 + 354,600 + 精神 10,000 = 425,600 → 180,000
    # 鉴定费 3,000; total 482,800; 交强险 198,000; excess 284,800
    # 同责 50%: 142,400 from the commercial insurer; victim bears 142,400
    # payable 198,000 + 142,400 = 340,400; advance 20,000 → 320,400 still to pay
    assert amounts(result)["disability_compensation"] == D("354600.00")
    assert paid(result) == {"医疗费用": D("18000.00"), "死亡伤残": D("180000.00")}
    assert result.total_loss == D("482800.00")
    assert result.excess == D("284800.00")
    assert result.commercial.paid == D("142400.00")
    assert result.liable_party_pays == D("0.00")
    assert result.victim_bears == D("142400.00")
    assert result.advances_paid == D("20000.00")
    assert result.remaining_payable == D("320400.00")
    assert shares_add_up(result)


def test_several_victims_share_the_sub_limits_in_proportion_to_their_losses():
    result = run(
        accident_date="2024-05-01",
        region="江苏",
        medical_costs="10000",
        lost_work_days=10,
        daily_income="6000",
        other_victims_losses={"medical": "11000", "death_disability": "300000"},
    )
    # 医疗费用: pool 21,000 > 18,000 → 18,000 × 10,000 / 21,000 = 8,571.428… → 8,571.43
    # 死亡伤残: 60,000 of a 360,000 pool → 180,000 × 60,000 / 360,000 = 30,000
    assert paid(result) == {"医疗费用": D("8571.43"), "死亡伤残": D("30000.00")}
    assert result.compulsory.sub_limits[0].other_victims_loss == D("11000.00")
    assert result.excess == D("70000.00") - D("38571.43")
    assert "道交解释第19条" in result.compulsory.basis
    assert shares_add_up(result)


def test_a_vehicle_without_fault_pays_within_the_no_fault_limits_only():
    result = run(
        accident_date="2024-05-01",
        region="江苏",
        medical_costs="5000",
        lost_work_days=20,
        daily_income="300",
        liability="无责",
        commercial_third_party_limit="1000000",
    )
    # 无责 limits: 医疗费用 1,800, 死亡伤残 18,000; loss 5,000 + 6,000 → 1,800 + 6,000 = 7,800
    # excess 3,200 × 0% → nothing from the commercial insurer or the driver
    assert not result.compulsory.vehicle_at_fault
    assert paid(result) == {"医疗费用": D("1800.00"), "死亡伤残": D("6000.00")}
    assert result.compulsory.total_limit == D("19900.00")
    assert (result.commercial.paid, result.liable_party_pays) == (D("0.00"), D("0.00"))
    assert result.victim_bears == D("3200.00")
    assert any("不超过10%" in warning for warning in result.warnings)


def test_a_faultless_vehicle_bearing_10_percent_keeps_the_no_fault_limits_and_mental_distress_stays_out_of_commercial():
    result = run(
        accident_date="2024-05-01",
        statistical_year=2024,
        victim_age=30,
        disability_grade=10,
        mental_distress="30000",
        liability_ratio="0.1",
        vehicle_at_fault=False,
        commercial_third_party_limit="1000000",
    )
    # 残疾赔偿金 54,188 × 20 × 10% = 108,376; 死亡伤残 138,376 → 无责 limit 18,000, all to 精神 first
    # 精神 left 12,000; excess 120,376; driver's 10% = 12,037.60
    # commercial (120,376 − 12,000) × 10% = 10,837.60; driver 1,200 (his 10% of the 精神 left); victim 108,338.40
    assert paid(result)["死亡伤残"] == D("18000.00")
    assert result.commercial.base == D("108376.00")
    assert result.commercial.paid == D("10837.60")
    assert result.liable_party_pays == D("1200.00")
    assert result.victim_bears == D("108338.40")
    assert shares_add_up(result)
    assert "商业三者险不赔" in next(item.basis for item in result.items if item.code == "mental_distress")


@pytest.mark.parametrize(("age", "years"), [(30, 20), (60, 20), (61, 19), (74, 6), (75, 5), (80, 5)])
def test_the_age_rule(age, years):
    assert compensation_years(age) == years
    result = run(region="江苏", statistical_year=2023, victim_age=age, death=True, funeral_costs="0")
    assert amounts(result)["death_compensation"] == D(63211 * years)


@pytest.mark.parametrize(
    ("grade", "extra", "coefficient"),
    [
        (1, [], "1.00"),
        (9, [], "0.20"),
        (10, [], "0.10"),
        (10, [10], "0.11"),
        (5, [6, 7], "0.69"),  # 60% + 5% + 4%
        (8, [3], "0.83"),  # the most severe grade leads: 3 gives 80%, 8 adds 3%
        (10, [10] * 15, "0.20"),  # extras stop at 10%
        (1, [1, 2], "1.00"),  # never above 100%
    ],
)
def test_disability_coefficient(grade, extra, coefficient):
    assert disability_coefficient(grade, extra) == D(coefficient)


def test_dependants_share_one_year_of_consumption_at_most():
    children = [Dependant(age=16), Dependant(age=10), Dependant(age=0)]
    # years 0–1: three children, years 2–7: two, years 8–17: one; every year capped at 40,461 → 18 × 40,461
    assert dependants_living_costs(children, D(40461), D(1)) == D(18 * 40461)
    shared = [Dependant(age=16, supporters=2), Dependant(age=10, supporters=2)]
    # years 0–1: 20,230.50 × 2 = 40,461; years 2–7: 20,230.50 → 80,922 + 121,383 = 202,305
    assert dependants_living_costs(shared, D(40461), D(1)) == D(202305)
    # disability scales each share by the coefficient before the cap: 40,461 × 10% × 8 years
    assert dependants_living_costs([Dependant(age=10)], D(40461), D("0.1")) == D("32368.8")


def test_dependants_under_a_disability_and_who_counts_as_dependant():
    result = run(
        region="江苏",
        statistical_year=2023,
        victim_age=40,
        disability_grade=10,
        dependants=[{"age": 10}, {"age": 70, "incapacitated": True}, {"age": 40}],
    )
    # child 8 years, incapacitated parent of 70: 10 years; each 40,461 × 10% = 4,046.10 a year
    # years 0–7: 8,092.20; years 8–9: 4,046.10 → 64,737.60 + 8,092.20 = 72,829.80; the capable adult is left out
    assert amounts(result)["dependants_living"] == D("72829.80")
    assert any("有劳动能力" in warning for warning in result.warnings)
    assert "计入残疾赔偿金" in result.items[-1].basis


def test_missing_figures_leave_items_out_with_a_warning():
    result = run(region="江苏", death=True, victim_age=40, nursing_days=10, lost_work_days=5)
    assert "funeral" not in amounts(result) and "nursing" not in amounts(result) and "lost_work" not in amounts(result)
    assert (
        "江苏2024年的职工年平均工资还没有收录，丧葬费暂未计入；可以填写丧葬费或当地职工年平均工资。" in result.warnings
    )
    assert any("护理费标准" in warning for warning in result.warnings)
    assert any("没有提供收入" in warning for warning in result.warnings)
    consumption_missing = run(region="上海", death=True, funeral_costs="0", dependants=[{"age": 5}])
    assert "dependants_living" not in amounts(consumption_missing)
    assert "上海2023年的城镇居民人均消费支出还没有收录，被扶养人生活费暂未计入；可以直接填写这项数据。" in (
        consumption_missing.warnings
    )


def test_unverified_figures_carry_a_warning_unless_all_are_overridden():
    shanghai = run(region="上海市", victim_age=30, disability_grade=10)
    assert not shanghai.standards.verified
    assert (
        "上海2023年的城镇居民人均可支配收入89,477元：该数据尚未核实，请以当地法院采用的标准为准。" in shanghai.warnings
    )
    assert shanghai.standards.summary.endswith("城镇居民人均可支配收入89,477元（尚未核实）。")
    overridden = run(
        region="上海",
        victim_age=30,
        disability_grade=10,
        per_capita_income="90000",
        per_capita_consumption="50000",
        average_monthly_wage="12000",
    )
    assert not any("尚未核实" in warning for warning in overridden.warnings)
    assert amounts(overridden)["disability_compensation"] == D("180000.00")
    assert "您提供的城镇居民人均可支配收入90,000元" in overridden.items[0].basis


def test_unknown_region_needs_figures():
    with pytest.raises(StandardNotFound) as raised:
        run(region="黑龙江", victim_age=30, disability_grade=10)
    assert raised.value.code == "region_not_found"
    given = run(region="黑龙江", victim_age=30, disability_grade=10, per_capita_income="50000")
    assert amounts(given)["disability_compensation"] == D("100000.00")
    assert given.standards.statistical_year is None
    assert "您提供的黑龙江" in given.disclaimer


def test_a_region_or_year_without_standards_is_refused_only_when_a_figure_is_needed():
    for fields in ({"region": "黑龙江"}, {"region": "河南", "hearing_year": 2014}):
        result = run(**fields, medical_costs="5000")
        assert amounts(result) == {"medical_costs": D("5000.00")}
        assert (result.standards.statistical_year, result.standards.summary) == (None, "这次估算没有用到地区统计数据。")
        assert result.disclaimer.startswith("以上金额是估算（没有用到地区统计数据），仅供参考；")
    with pytest.raises(StandardNotFound) as raised:
        run(region="河南", hearing_year=2014, medical_costs="5000", lost_work_days=30, occupation="送外卖")
    assert raised.value.message.startswith("暂时没有河南2013年及以前的统计标准。")
    with pytest.raises(StandardNotFound):
        run(region="火星", medical_costs="5000")


def test_defaults_are_announced():
    result = run(medical_costs="1000", mental_distress="1000")
    assert any("全责估算" in warning for warning in result.warnings)
    assert any("现行交强险限额" in warning for warning in result.warnings)
    assert any("伤残或死亡" in warning for warning in result.warnings)


def test_advances_above_what_is_owed_leave_nothing_to_pay():
    result = run(medical_costs="1000", liability="全责", advances_paid="5000")
    assert result.remaining_payable == D("0.00")
    assert any("已付款项超过" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    "fields",
    [
        {"disability_grade": 0},
        {"disability_grade": 11},
        {"disability_grade": 10, "extra_disability_grades": [11]},
        {"extra_disability_grades": [9]},
        {"death": True, "disability_grade": 5},
        {"daily_income": 100, "monthly_income": 3000},
        {"medical_costs": -1},
        {"victim_age": 121},
        {"hospital_days": 36501},
        {"liability": "全部责任"},
        {"liability_ratio": "1.5"},
        {"dependants": [{"age": 5}] * 21},
        {"unknown_field": 1},
    ],
)
def test_invalid_input_is_a_validation_error_not_a_warning(fields):
    with pytest.raises(ValidationError):
        SettlementRequest(**fields)


def test_no_misinformation_in_any_text():
    result = run(
        accident_date="2019-07-01",
        region="江苏",
        victim_age=40,
        death=True,
        dependants=[{"age": 3}],
        mental_distress="10000",
        appraisal_costs="1000",
        commercial_third_party_limit="100000",
        liability="主责",
    )
    texts = [item.basis for item in result.items] + result.warnings
    texts += [result.disclaimer, result.compulsory.basis, result.commercial.basis, result.liability_basis]
    for text in texts:
        for phrase in FORBIDDEN:
            assert phrase not in text
