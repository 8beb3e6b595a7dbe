"""Structured entities a claimant types, with the values the assistant works with."""

import logging
from datetime import datetime

import pytest

from bot.nlu.patterns import SHANGHAI, find_entities

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


def found(text):
    return [(e.entity, text[e.start : e.end], e.value) for e in find_entities(text, NOW)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("车牌苏A12345", [("plate_number", "苏A12345", "苏A12345")]),
        ("新能源车粤B·D12345", [("plate_number", "粤B·D12345", "粤BD12345")]),
        ("京ad12345", [("plate_number", "京ad12345", "京AD12345")]),
        ("我电话138 1234 5678", [("phone", "138 1234 5678", "13812345678")]),
        ("座机025-83106666", [("phone", "025-83106666", "02583106666")]),
        ("报案号rpt20261120000123", [("claim_number", "rpt20261120000123", "RPT20261120000123")]),
        ("对方给了三万五", [("money", "三万五", 35000)]),
        ("医药费3.5万元", [("money", "3.5万元", 35000)]),
        ("花了12000块", [("money", "12000块", 12000)]),
        ("两千五百元", [("money", "两千五百元", 2500)]),
        ("我爸六十五岁", [("age", "六十五岁", 65)]),
        ("72周岁", [("age", "72周岁", 72)]),
        ("评了十级伤残", [("disability_grade", "十级伤残", 10)]),
        ("伤残9级", [("disability_grade", "伤残9级", 9)]),
        ("九级", [("disability_grade", "九级", 9)]),
        ("送到南京鼓楼医院了", [("hospital", "南京鼓楼医院", "南京鼓楼医院")]),
        ("住院十五天", [("duration_days", "十五天", 15)]),
        ("休息了两个月", [("duration_days", "两个月", 60)]),
        ("昨天晚上八点", [("time", "昨天晚上八点", "2026-11-22T20:00:00+08:00")]),
        ("前天下午", [("time", "前天下午", "2026-11-21T13:00:00+08:00")]),
        ("今天早上七点半", [("time", "今天早上七点半", "2026-11-23T07:30:00+08:00")]),
        ("上个月被撞的", [("accident_month", "上个月", "2026-10")]),
        ("三月份出的事", [("accident_month", "三月", "2026-03")]),
        ("上个月十号", [("time", "上个月十号", "2026-10-10T00:00:00+08:00")]),
        ("在南京中山路和北京路路口", [("place", "南京中山路和北京路路口", "南京中山路和北京路路口")]),
        ("出事地点是成都二环高架", [("place", "成都二环高架", "成都二环高架")]),
        ("在杭州西湖区被一辆车撞了", [("place", "杭州西湖区", "杭州西湖区")]),
        ("在沛县县城东关路", [("place", "沛县县城东关路", "沛县县城东关路")]),
        (
            "前天下午在S38高速收费站",
            [("time", "前天下午", "2026-11-21T13:00:00+08:00"), ("place", "S38高速收费站", "S38高速收费站")],
        ),
    ],
)
def test_each_kind_of_value_is_normalised(text, expected):
    assert found(text) == expected


def test_a_whole_story_yields_every_fact_in_order():
    text = "昨天晚上八点在南京中山路，苏A12345撞了我，住院十五天，花了3.5万元，电话13812345678"
    assert found(text) == [
        ("time", "昨天晚上八点", "2026-11-22T20:00:00+08:00"),
        ("place", "南京中山路", "南京中山路"),
        ("plate_number", "苏A12345", "苏A12345"),
        ("duration_days", "十五天", 15),
        ("money", "3.5万元", 35000),
        ("phone", "13812345678", "13812345678"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("昨天，大概晚上八点", [("time", "晚上八点", "2026-11-22T20:00:00+08:00")]),
        ("上周五，晚上九点", [("time", "晚上九点", "2026-11-20T21:00:00+08:00")]),
        ("昨天在中山路，大概八点", [("place", "中山路", "中山路"), ("time", "八点", "2026-11-22T08:00:00+08:00")]),
        (
            "我昨天去了医院，今天早上八点又去了",
            [("time", "昨天", "2026-11-22T00:00:00+08:00"), ("time", "今天早上八点", "2026-11-23T08:00:00+08:00")],
        ),
    ],
)
def test_a_clock_time_after_a_day_is_on_that_day_unless_it_names_its_own(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", ["苏A1234", "1381234567", "二百岁", "医院", "现在报案还来得及吗"])
def test_near_misses_are_not_entities(text):
    assert found(text) == []


def test_a_grade_outside_one_to_ten_is_not_a_disability_grade():
    assert [e for e in find_entities("伤残十一级", NOW) if e.entity == "disability_grade"] == []


def test_a_phrase_the_time_parser_skips_leaves_no_error_in_the_log(caplog):
    with caplog.at_level(logging.WARNING):
        entities = found("我每周去医院换药坐公交地铁")
    assert entities == []
    assert [r.getMessage()[:40] for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("出车祸三天了还没报保险", [("time", "三天", "2026-11-20T00:00:00+08:00")]),
        ("被撞一个星期了", [("time", "一个星期", "2026-11-16T00:00:00+08:00")]),
        ("住院三天了", [("duration_days", "三天", 3)]),
        ("出车祸一个月了", [("duration_days", "一个月", 30)]),
    ],
)
def test_days_since_the_accident_give_its_day_and_other_spans_stay_durations(text, expected):
    assert found(text) == expected
