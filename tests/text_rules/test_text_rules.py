"""The Chinese text rules the bot, the actions and the claims API share, as a claimant says things."""

from datetime import date

import pytest

from text_rules.answers import (
    ages_in,
    clean_answer,
    first_number,
    is_not_sure,
    is_question,
    plain_amount,
    says_none,
    small_number,
    yes_or_no,
)
from text_rules.corrections import corrected_facts, corrected_fields
from text_rules.facts import (
    answers_no_damage,
    answers_nobody_hurt,
    answers_self_driver,
    injury_severity,
    liability_named,
    police_called,
    says_no_compulsory,
    says_no_damage,
    says_nobody_hurt,
    says_not_taken_to_hospital,
    says_self_driving,
    stated_facts,
    value_kind,
)
from text_rules.identifiers import CLAIM_NUMBER_ANSWER, PHONE_ANSWER, PLATE_ANSWER, VERIFY_PHONE_ANSWER
from text_rules.months import accident_month
from text_rules.typos import without_slips


@pytest.mark.parametrize(
    "text, called",
    [
        ("报警了", True),
        ("已经报交警了", True),
        ("报了122", True),
        ("打了110", True),
        ("交警已经到了", True),
        ("交警在现场处理", True),
        ("还没报警", False),
        ("没有报交警", False),
        ("未报122", False),
        ("没打110", False),
        ("车停在路边", None),
    ],
)
def test_police_called_or_not(text, called):
    assert police_called(text) is called


@pytest.mark.parametrize(
    "text, nobody",
    [
        ("没有人受伤", True),
        ("无人受伤", True),
        ("人都没事，就是车坏了", True),
        ("大家都没受伤", True),
        ("我没受伤，我妈腿骨折了", False),
        ("有人受伤了", False),
    ],
)
def test_nobody_hurt_is_said_of_everybody(text, nobody):
    assert says_nobody_hurt(text) is nobody


@pytest.mark.parametrize(
    "answer, nobody",
    [
        ("没有", True),
        ("无", True),
        ("没有人受伤了", True),
        ("都没事", True),
        ("腿擦伤了", False),
        ("没有骨折，只是擦伤", False),
    ],
)
def test_an_answer_that_nobody_was_hurt(answer, nobody):
    assert answers_nobody_hurt(answer) is nobody


def test_hospital_driver_and_damage_facts():
    assert [says_not_taken_to_hospital(t) for t in ("伤者没送医院", "未送医", "不用去医院", "送到了市一医院")] == [
        True,
        True,
        True,
        False,
    ]
    assert [says_self_driving(t) for t in ("我自己开的车", "本人驾驶", "我老公开的")] == [True, True, False]
    assert [answers_self_driver(t) for t in ("我", "就是我开的", "王强")] == [True, True, False]
    assert [says_no_damage(t) for t in ("车子没什么事", "车没坏", "保险杠撞坏了")] == [True, True, False]
    assert [answers_no_damage(t) for t in ("没有", "没坏了", "前门凹了")] == [True, True, False]


def test_yes_no_and_not_sure_answers():
    assert [yes_or_no(t) for t in ("没有", "还没报", "报了", "是的", "嗯", "周末")] == [
        False,
        False,
        True,
        True,
        True,
        None,
    ]
    assert [is_not_sure(t) for t in ("不清楚", "没看清", "苏A12345")] == [True, True, False]
    assert [is_question(t) for t in ("报警了吗", "垫付要多久？", "昨天晚上八点")] == [True, True, False]
    assert [is_question(t) for t in ("自己买一个装行不行", "算不算工伤", "车没什么事", "不不不")] == [
        True,
        True,
        False,
        False,
    ]
    assert [says_none(t) for t in ("没有", "没住院", "还没鉴定", "住了15天")] == [True, True, True, False]


def test_numbers_amounts_and_ages():
    assert first_number("住院15天") == 15.0
    assert first_number("大概3.5万") == 3.5
    assert first_number("不知道") is None
    assert [plain_amount(t) for t in ("12000元", "8000块", " 5000 ", "一万二", "12000元左右")] == [
        12000.0,
        8000.0,
        5000.0,
        None,
        None,
    ]
    assert ages_in("孩子8岁，老人72周岁，还有个200岁的") == [8, 72]
    assert [small_number(t) for t in ("十级", "两个人", "三个", "9级")] == [10, 2, 3, None]


def test_clean_answer_drops_the_lead_in():
    assert [clean_answer(t) for t in ("司机是王强。", "名字叫李明", "在南京中山路！")] == ["王强", "李明", "南京中山路"]


def test_corrections_name_a_field_or_state_a_fact():
    assert corrected_fields("司机是李明") == {"driver_name": "李明"}
    assert corrected_fields("地点不对，应该是南京北京路") == {"accident_place": "南京北京路"}
    assert corrected_facts("没报交警") == {"police_reported": False}
    assert corrected_facts("其实交警到了") == {"police_reported": True}
    assert corrected_facts("报警了吗") == {}
    assert corrected_facts("没有人受伤") == {"injuries": "无人受伤"}


def test_identifiers():
    assert [bool(PLATE_ANSWER.match(t)) for t in ("苏A12345", "粤BD12345", "苏A1234", "AB12345")] == [
        True,
        True,
        False,
        False,
    ]
    assert [bool(PHONE_ANSWER.match(t)) for t in ("13812345678", "02583106666", "5678")] == [True, True, False]
    assert bool(VERIFY_PHONE_ANSWER.match("5678"))
    assert bool(CLAIM_NUMBER_ANSWER.match("RPT20261123000001")) and not CLAIM_NUMBER_ANSWER.match("RPT2026")


@pytest.mark.parametrize(
    "text, facts",
    [
        (
            "前天晚上九点在成都武侯区人民南路，我开车把一个骑电动车的撞了，车牌川A3K567，我叫李强，交警已经来过了",
            {
                "driver_name": "报案人本人",
                "reporter_name": "李强",
                "accident_description": "我开车把一个骑电动车的撞了",
                "police_reported": True,
            },
        ),
        (
            "我老婆被撞骨折住院两周了，要准备哪些材料",
            {
                "accident_description": "我老婆被撞骨折住院两周了",
                "injuries": "我老婆被撞骨折住院两周了",
                "taken_to_hospital": True,
                "inpatient": True,
            },
        ),
        ("她是超市收银员，有误工", {"lost_income": True, "occupation": "超市收银员"}),
        (
            "我爸70岁，在浙江，鉴定九级伤残，对方全责，残疾赔偿金大概多少",
            {"disability": True},
        ),
        (
            "司机是王芳，伤者送到市一医院了",
            {"driver_name": "王芳", "injuries": "伤者送到市一医院了", "taken_to_hospital": True},
        ),
        ("人没住院，只看了门诊，退休了", {"taken_to_hospital": True, "inpatient": False, "lost_income": False}),
        ("家里人在陪护，不幸去世了", {"nursing": True, "death": True, "injuries": "不幸去世了"}),
        (
            "我爸在浙江被车撞了，没抢救过来",
            {"accident_description": "我爸在浙江被车撞了", "taken_to_hospital": True, "death": True},
        ),
        ("没有人受伤，车没什么事", {"injuries": "无人受伤", "vehicle_damage": "没有明显损坏"}),
        ("我是送外卖的，没有工资流水", {"lost_income": True, "occupation": "送外卖", "monthly_income": "不固定"}),
        ("他是开出租的，收入不固定", {"lost_income": True, "occupation": "开出租", "monthly_income": "不固定"}),
        ("我是开车撞的", {}),
        ("伤者是送到医院的", {"injuries": "伤者是送到医院的", "taken_to_hospital": True}),
    ],
)
def test_stated_facts_reads_every_fact_in_any_order(text, facts):
    assert stated_facts(text) == facts


@pytest.mark.parametrize(
    "text",
    [
        "要不要报警？",
        "伤残赔偿标准",
        "被撞了住院期间误工费",
        "住院费谁出",
        "误工费怎么算",
        "护理费标准是多少",
        "伤残那部分按城镇还是按农村算",
        "出租车司机出车祸 我坐后排",
    ],
)
def test_questions_and_searches_state_no_facts(text):
    assert stated_facts(text) == {}


def test_durations_and_amounts_are_named_by_the_words_before_them():
    assert [value_kind("duration_days", t) for t in ("住院", "我误工了", "护理", "一共", "休息了 ")] == [
        "hospital_days",
        "lost_days",
        "nursing_days",
        None,
        "lost_days",
    ]
    assert [value_kind("money", t) for t in ("医药费花了", "她月收入", "医院让先交", "对方给了", "住院")] == [
        "medical_cost",
        "monthly_income",
        "hospital_deposit",
        None,
        None,
    ]


def test_durations_and_amounts_are_named_by_the_words_after_them_when_those_before_say_nothing():
    assert [value_kind("money", "花了", after) for after in ("医药费", "元的医疗费", "，住院", "")] == [
        "medical_cost",
        "medical_cost",
        None,
        None,
    ]
    assert [value_kind("duration_days", "请了", after) for after in ("假", "没上班", "院")] == [
        "lost_days",
        "lost_days",
        None,
    ]
    assert value_kind("duration_days", "住院", "没上班") == "hospital_days"


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("我抱了警", "我报了警"),
        ("我要报按", "我要报案"),
        ("我要抱案", "我要报案"),
        ("医药费我电付了", "医药费我垫付了"),
        ("陪常标准是多少", "赔偿标准是多少"),
        ("伤惨鉴定去哪做", "伤残鉴定去哪做"),
        ("对方全则 能垫付吗", "对方全责 能垫付吗"),
        ("昨天晚尚八点", "昨天晚上八点"),
    ],
)
def test_a_homophone_slip_in_a_key_word_reads_as_the_word(typed, meant):
    assert without_slips(typed) == meant


@pytest.mark.parametrize(
    "text", ["小区保安看到了", "陪护费怎么算", "他在外地务工", "我抱着孩子", "报了警", "按原则处理"]
)
def test_words_that_only_sound_alike_stay_as_typed(text):
    assert without_slips(text) == text


@pytest.mark.parametrize(
    "text, month",
    [
        ("上个月", "2026-11"),
        ("上上个月出的事", "2026-10"),
        ("这个月初", "2026-12"),
        ("两个多月前", "2026-10"),
        ("半年前被撞的", "2026-06"),
        ("去年十二月", "2025-12"),
        ("十月份", "2026-10"),
        ("2025年3月", "2025-03"),
        ("11月20日晚上", "2026-11"),
        ("住院三个月", None),
        ("十三月", None),
        ("昨天", None),
    ],
)
def test_the_month_of_the_accident_from_a_rough_answer(text, month):
    assert accident_month(text, date(2026, 12, 2)) == month


@pytest.mark.parametrize(
    "injuries, severity",
    [
        ("对方骑车的人当场去世了", "fatal"),
        ("我朋友昏迷了，流了很多血", "critical"),
        ("人在ICU", "critical"),
        ("腿骨折了", None),
        ("无人受伤", None),
        (None, None),
    ],
)
def test_how_bad_an_injury_is_from_the_claimants_words(injuries, severity):
    assert injury_severity(injuries) == severity


@pytest.mark.parametrize(
    "text, liability",
    [
        ("对方全责", "全责"),
        ("我次要责任", "次责"),
        ("交警定的同等责任", "同责"),
        ("我没有责任", "无责"),
        ("还没有责任认定书", None),
        ("还没定", None),
    ],
)
def test_the_liability_level_named_in_words(text, liability):
    assert liability_named(text) == liability


@pytest.mark.parametrize(
    "text, none", [("对方没买交强险", True), ("交强险过期了", True), ("对方有交强险", False), ("交强险赔多少", False)]
)
def test_a_vehicle_without_compulsory_insurance(text, none):
    assert says_no_compulsory(text) is none
