"""The intake sheet: what a caller's words fill in, what is still missing, and which standard script fits."""

from datetime import datetime

import pytest

from api.domain.intake import IntakeSheet, claim_fields, fill, missing, situation, suggested_scripts


def _said(text: str, **entities) -> IntakeSheet:
    return fill(IntakeSheet(), text, [{"entity": name, "value": value} for name, value in entities.items()])


@pytest.mark.parametrize(
    "text, reported",
    [
        ("已经报警了", True),
        ("报了警，交警在现场", True),
        ("打了122", True),
        ("我抱了警", True),
        ("还没报警", False),
        ("没有报交警", False),
        ("车停在路边", None),
    ],
)
def test_police_report_is_read_from_plain_words(text, reported):
    assert _said(text).police_reported is reported


def test_nobody_hurt_skips_the_hospital_and_picks_the_two_vehicle_script():
    sheet = _said("两辆车刮蹭了，没有人受伤，车没什么事")
    assert (sheet.injuries, sheet.vehicle_damage, sheet.description) == ("无人受伤", "没有明显损坏", "两辆车刮蹭了")
    assert "hospital" not in missing(sheet)
    assert situation(sheet, "inform") == "two_vehicle"
    assert [script.text for script in suggested_scripts(sheet, "inform")] == [
        "请您不要移动现场，请交警处理，并在现场等候保险查勘。",
        "交警122。您的报案我们已经记下了，稍后我会和您联系。",
        "请问出险时间是什么时候？",
    ]


def test_hitting_a_guard_rail_alone_is_a_single_vehicle_accident():
    sheet = _said("我自己开车撞护栏了，人没事")
    assert (sheet.driver_name, sheet.injuries) == ("报案人本人", "无人受伤")
    assert situation(sheet, None) == "single_vehicle"


def test_an_emergency_gets_the_injury_script_before_anything_is_known():
    assert situation(IntakeSheet(), "emergency") == "injury"
    assert suggested_scripts(IntakeSheet(), "emergency")[0].text.startswith("请您不要将车辆驶离现场")


def test_a_plain_faq_question_suggests_no_intake_question():
    assert suggested_scripts(IntakeSheet(), "faq") == []


def test_names_phone_and_hospital_refusal():
    sheet = _said("我叫李梅，司机是张三，伤者没去医院", phone="13812345678")
    assert (sheet.reporter_name, sheet.driver_name, sheet.contact_phone) == ("李梅", "张三", "13812345678")
    assert sheet.hospital == "未送医"


def test_a_later_statement_corrects_an_earlier_one():
    first = _said("车牌苏A12345", plate_number="苏A12345")
    corrected = fill(first, "不对，车牌是苏A54321", [{"entity": "plate_number", "value": "苏A54321"}])
    assert corrected.plate_number == "苏A54321"


def test_the_claim_names_the_reporter_as_driver_when_the_reporter_drove():
    sheet = IntakeSheet(
        accident_time=datetime(2026, 11, 22, 20),
        accident_place="南京中山路",
        driver_name="报案人本人",
        injuries="腿擦伤",
        hospital="未送医",
        reporter_name="王五",
        contact_phone="13812345678",
    )
    fields = claim_fields(sheet)
    assert (fields["driver_name"], fields["has_injuries"], fields["injured_taken_to_hospital"], fields["hospital"]) == (
        "王五",
        True,
        False,
        None,
    )
    assert fields["description"] == "伤情：腿擦伤"


def test_a_drivers_story_fills_the_driver_reporter_and_police():
    sheet = _said(
        "前天晚上九点在成都武侯区人民南路，我开车把一个骑电动车的撞了，车牌川A3K567，我叫李强，交警已经来过了，"
        "医药费要我先垫吗",
        plate_number="川A3K567",
        place="成都武侯区人民南路",
    )
    assert (sheet.driver_name, sheet.reporter_name, sheet.police_reported, sheet.description) == (
        "报案人本人",
        "李强",
        True,
        "我开车把一个骑电动车的撞了",
    )
    assert claim_fields(sheet)["driver_name"] == "李强"
