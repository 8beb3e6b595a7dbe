"""Settlement estimate: always labelled 估算 with the standards' year and region, item by item, with deductions."""

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.settlement import (
    DEDUCTIONS,
    ESTIMATE_DOWN,
    ActionEstimateSettlement,
    ValidateSettlementForm,
    check_disability,
    check_liability,
    estimate_request,
)
from tests.actions.conftest import load_domain, load_tracker
from tests.conftest import free_port

ESTIMATE = "\n".join([
    "这是按2023年江苏标准做的估算，仅供参考，不是承诺的赔偿金额：",
    "各项损失：",
    "· 医疗费（医药费、诊疗费、住院费）：35,000元",
    "· 住院伙食补助费：750元",
    "· 误工费：17,753.42元",
    "· 残疾赔偿金：126,422元",
    "损失合计：179,925.42元",
    "谁来赔：",
    "· 交强险：162,175.42元（医疗费用分项赔18,000元，死亡伤残分项赔144,175.42元）",
    "· 商业三者险：12,425元（超出交强险的部分 × 责任比例70%，以保额为限）",
    "· 责任方自己承担：0元",
    "· 伤者自己承担：5,325元（按责任比例）",
    DEDUCTIONS,
    "以上金额是按2023年江苏标准作出的估算，仅供参考；实际赔偿以保险公司核定、调解协议或法院判决为准。",
])


async def estimate(tracker, monkeypatch, url):
    monkeypatch.setenv("CLAIMS_API_URL", url)
    dispatcher = CollectingDispatcher()
    events = await ActionEstimateSettlement().run(dispatcher, tracker, {})
    return [m["text"] for m in dispatcher.messages], events


@pytest.mark.asyncio
async def test_the_estimate_is_explained_item_by_item_with_its_standards(claims_api_url, monkeypatch):
    texts, events = await estimate(load_tracker("tracker_settlement_complete"), monkeypatch, claims_api_url)
    assert texts == [ESTIMATE]
    assert events == []


@pytest.mark.asyncio
async def test_a_region_without_standards_falls_back_to_national_and_says_so(claims_api_url, monkeypatch):
    tracker = load_tracker("tracker_settlement_complete")
    tracker.slots["est_region"] = "湖南"
    texts, _ = await estimate(tracker, monkeypatch, claims_api_url)
    assert texts[0] == "暂时没有湖南的统计标准，先按全国标准估算。"
    assert texts[1].startswith("这是按2024年全国标准做的估算，仅供参考，不是承诺的赔偿金额：")
    assert "注意：没有提供地区，按全国标准估算；各省标准不同，请以当地标准为准。" in texts[1]


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_answers_are_kept(monkeypatch):
    texts, events = await estimate(load_tracker("tracker_settlement_complete"), monkeypatch,
                                   f"http://127.0.0.1:{free_port()}")
    assert texts == [ESTIMATE_DOWN]
    assert events == []


@pytest.mark.asyncio
async def test_no_lost_work_means_no_income_question():
    dispatcher = CollectingDispatcher()
    events = await ValidateSettlementForm().run(dispatcher, load_tracker("tracker_settlement_lost_days_none"),
                                                load_domain())
    assert dispatcher.messages == []
    assert events == [SlotSet("est_lost_days", 0), SlotSet("requested_slot", "est_disability")]


def test_unknown_liability_is_left_to_the_estimator():
    assert check_liability("还没认定", None).value == "不清楚"
    assert check_liability("对方主要责任", None).value == "主责"
    slots = {"accident_time": "2026-11-22T20:00:00+08:00", "est_age": 30, "est_medical": 1000, "est_hospital_days": 0,
             "est_lost_days": 0, "est_commercial_limit": 0, "est_liability": "不清楚", "est_disability": 0}
    assert "liability" not in estimate_request(slots, "江苏")


def test_disability_grades_are_read_in_chinese_or_digits():
    tracker = load_tracker("tracker_settlement_complete")
    assert check_disability("十级", tracker).value == 10
    assert check_disability("9级", tracker).value == 9
    assert check_disability("没有", tracker).value == 0
