"""The Chinese text rules the bot, the actions and the claims API share, as a claimant says things."""

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
    police_called,
    says_no_damage,
    says_nobody_hurt,
    says_not_taken_to_hospital,
    says_self_driving,
)
from text_rules.identifiers import CLAIM_NUMBER_ANSWER, PHONE_ANSWER, PLATE_ANSWER, VERIFY_PHONE_ANSWER


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
