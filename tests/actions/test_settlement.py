"""Settlement estimate: always labelled 估算 with the standards' year and region, item by item, with deductions."""

from datetime import datetime

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.settlement import (
    ActionAnswerFaq,
    ActionEstimateSettlement,
    ValidateSettlementForm,
    check_accident_month,
    check_dependants,
    check_disability,
    check_liability,
    check_occupation,
    check_supporters,
    estimate_request,
)
from tests.actions.conftest import load_domain, load_tracker, make_tracker, response_text, said
from tests.conftest import free_port

DEDUCTIONS = (
    "常见的扣减，提前跟您说清楚：\n1. 商业三者险一般约定不赔医保目录外的自费药，这部分可能被扣；"
    "\n2. 超过交强险分项限额的部分，只按责任比例由商业险或责任方赔；\n3. 没有票据或证明的费用，很难得到支持。"
)
ESTIMATE_DOWN = response_text("utter_estimate_down")
STILL_COUNTS_DISABILITY = response_text("utter_still_counts_disability")
STILL_COUNTS_DEATH = response_text("utter_still_counts_death")

ESTIMATE = "\n".join(
    [
        "这是按2024年江苏标准做的估算，仅供参考，不是承诺的赔偿金额：",
        "所用标准：没有提供一审审理年份，按江苏最新公布的2024年统计数据，城镇居民人均可支配收入66,173元（尚未核实）。",
        "各项损失：",
        "· 医疗费（医药费、诊疗费、住院费）：35,000元",
        "· 住院伙食补助费：750元",
        "· 误工费：17,753.42元",
        "· 残疾赔偿金：132,346元",
        "损失合计：185,849.42元",
        "谁来赔：",
        "· 交强险：168,099.42元（医疗费用分项赔18,000元，死亡伤残分项赔150,099.42元）",
        "· 商业三者险：12,425元（超出交强险的部分 × 责任比例70%，以保额为限）",
        "· 责任方自己承担：0元",
        "· 伤者自己承担：5,325元（按责任比例）",
        DEDUCTIONS,
        "注意：江苏2024年的城镇居民人均可支配收入66,173元：该数据尚未核实，请以当地法院采用的标准为准。",
        "以上金额是按2024年江苏标准作出的估算，仅供参考；实际赔偿以保险公司核定、调解协议或法院判决为准。",
    ]
)


class FixedNow(datetime):
    """2 December 2026, noon in Shanghai."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 12, 2, 12, 0, tzinfo=tz)


PAYLOAD = {
    "type": "settlement_estimate",
    "title": "赔偿估算（江苏 2024 年度标准）",
    "rows": [
        {"label": "医疗费（医药费、诊疗费、住院费）", "amount": 35000.0},
        {"label": "住院伙食补助费", "amount": 750.0},
        {"label": "误工费", "amount": 17753.42},
        {"label": "残疾赔偿金", "amount": 132346.0},
    ],
    "split": [
        {"label": "交强险", "amount": 168099.42},
        {"label": "商业险", "amount": 12425.0},
        {"label": "责任方自付", "amount": 0.0},
        {"label": "您自己承担", "amount": 5325.0},
    ],
    "note": "以上金额是按2024年江苏标准作出的估算，仅供参考；实际赔偿以保险公司核定、调解协议或法院判决为准。",
}


async def estimate_messages(tracker, monkeypatch, url):
    monkeypatch.setenv("CLAIMS_API_URL", url)
    dispatcher = CollectingDispatcher()
    events = await ActionEstimateSettlement().run(dispatcher, tracker, {})
    return dispatcher.messages, events


async def estimate(tracker, monkeypatch, url):
    messages, events = await estimate_messages(tracker, monkeypatch, url)
    return [text for text in said(messages) if text], events


@pytest.mark.asyncio
async def test_the_estimate_is_explained_item_by_item_with_its_standards(claims_api_url, monkeypatch):
    texts, events = await estimate(load_tracker("tracker_settlement_complete"), monkeypatch, claims_api_url)
    assert texts == [ESTIMATE]
    assert events == []


@pytest.mark.asyncio
async def test_the_web_chat_gets_the_estimate_as_a_table_and_a_split(claims_api_url, monkeypatch):
    messages, _ = await estimate_messages(load_tracker("tracker_settlement_complete"), monkeypatch, claims_api_url)
    assert [m["custom"] for m in messages if m["custom"]] == [{"data": PAYLOAD}]
    assert [bool(text) for text in said(messages)] == [True, False]


@pytest.mark.asyncio
async def test_nursing_nutrition_and_dependants_enter_the_estimate(claims_api_url, monkeypatch):
    tracker = load_tracker("tracker_settlement_complete")
    tracker.slots.update(
        est_nursing_days=20, est_nursing_per_day=150, est_nutrition_days=30, est_dependants=[8], est_supporters=2
    )
    messages, _ = await estimate_messages(tracker, monkeypatch, claims_api_url)
    rows = {row["label"]: row["amount"] for row in messages[-1]["custom"]["data"]["rows"]}
    assert rows["护理费"] == 3000.0
    assert "营养费" in rows and "被扶养人生活费" in rows


@pytest.mark.asyncio
async def test_a_region_without_standards_falls_back_to_national_and_says_so(claims_api_url, monkeypatch):
    tracker = load_tracker("tracker_settlement_complete")
    tracker.slots["est_region"] = "黑龙江"
    texts, _ = await estimate(tracker, monkeypatch, claims_api_url)
    assert texts[0] == "暂时没有黑龙江的统计标准，先按全国标准估算。"
    assert texts[1].startswith("这是按2025年全国标准做的估算，仅供参考，不是承诺的赔偿金额：")
    assert "注意：没有提供地区，按全国标准估算；各省标准不同，请以当地标准为准。" in texts[1]


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_answers_are_kept(monkeypatch):
    texts, events = await estimate(
        load_tracker("tracker_settlement_complete"), monkeypatch, f"http://127.0.0.1:{free_port()}"
    )
    assert texts == [ESTIMATE_DOWN]
    assert events == []


@pytest.mark.asyncio
async def test_no_lost_work_means_no_income_question():
    tracker = load_tracker("tracker_settlement_lost_days_none")
    tracker.slots.update(est_nursing_days=0, est_nutrition_days=0)
    dispatcher = CollectingDispatcher()
    events = await ValidateSettlementForm().run(dispatcher, tracker, load_domain())
    assert dispatcher.messages == []
    assert events == [SlotSet("est_lost_days", 0), SlotSet("requested_slot", "est_disability")]


@pytest.mark.asyncio
@pytest.mark.parametrize("hospital_days, next_question", [(15, "est_nursing_days"), (0, "est_disability")])
async def test_nursing_and_nutrition_are_asked_only_after_a_hospital_stay(hospital_days, next_question):
    tracker = load_tracker("tracker_settlement_lost_days_none")
    tracker.slots["est_hospital_days"] = hospital_days
    events = await ValidateSettlementForm().run(CollectingDispatcher(), tracker, load_domain())
    assert events[-1] == SlotSet("requested_slot", next_question)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "disability, dependants, next_question",
    [
        (10, None, "est_dependants"),
        (10, [], "est_commercial_limit"),
        (10, [8, 70], "est_supporters"),
        (0, None, "est_commercial_limit"),
    ],
)
async def test_dependants_are_asked_only_with_a_disability_grade(disability, dependants, next_question):
    tracker = load_tracker("tracker_settlement_lost_days_none")
    tracker.slots.update(est_nursing_days=0, est_nutrition_days=0, est_disability=disability, est_dependants=dependants)
    events = await ValidateSettlementForm().run(CollectingDispatcher(), tracker, load_domain())
    assert events[-1] == SlotSet("requested_slot", next_question)


def test_dependants_ages_and_supporters_are_read_from_words():
    tracker = load_tracker("tracker_settlement_complete")
    assert check_dependants("孩子8岁，母亲70岁", tracker).value == [8, 70]
    assert check_dependants("没有", tracker).value == []
    assert check_dependants("有一个", tracker).value is None
    assert check_supporters("两个人", tracker).value == 2
    assert check_supporters("3个", tracker).value == 3
    assert check_supporters("0", tracker).value is None
    slots = {
        "accident_time": "2026-11-22T20:00:00+08:00",
        "est_age": 40,
        "est_medical": 1000,
        "est_hospital_days": 10,
        "est_lost_days": 0,
        "est_commercial_limit": 0,
        "est_liability": "全责",
        "est_disability": 9,
        "est_nursing_days": 10,
        "est_nursing_per_day": 150,
        "est_nutrition_days": 0,
        "est_dependants": [8, 70],
        "est_supporters": 2,
    }
    request = estimate_request(slots, "江苏")
    assert (request["nursing_days"], request["nursing_per_day"], "nutrition_days" in request) == (10, 150, False)
    assert request["dependants"] == [
        {"age": 8, "supporters": 2, "incapacitated": False},
        {"age": 70, "supporters": 2, "incapacitated": True},
    ]


def test_lost_work_without_an_income_is_estimated_by_the_job_said():
    slots = {"est_lost_days": 30, "est_monthly_income": None, "est_occupation": "超市收银员"}
    assert estimate_request(slots, "江苏")["occupation"] == "超市收银员"
    assert "occupation" not in estimate_request(dict(slots, est_monthly_income=6000), "江苏")
    not_fixed = estimate_request(dict(slots, est_monthly_income="不固定", est_occupation="送外卖"), "江苏")
    assert (not_fixed["occupation"], "monthly_income" in not_fixed) == ("送外卖", False)
    unknown_job = estimate_request(dict(slots, est_monthly_income="不固定", est_occupation="不清楚"), "江苏")
    assert ("occupation" in unknown_job, "monthly_income" in unknown_job) == (False, False)


def income_answer(text: str, **slots):
    """The settlement form's tracker just after the claimant answered the income question with `text`."""
    tracker = load_tracker("tracker_settlement_lost_days_none")
    tracker.slots.update(
        est_nursing_days=0, est_nutrition_days=0, est_lost_days=30, requested_slot="est_monthly_income", **slots
    )
    tracker.latest_message = {"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": []}
    tracker.events[-2:] = [
        {"event": "user", "text": text, "parse_data": tracker.latest_message, "input_channel": "rest"},
        {"event": "slot", "name": "est_monthly_income", "value": text},
    ]
    return tracker


@pytest.mark.asyncio
@pytest.mark.parametrize("answer", ["不固定", "没有固定收入", "不清楚"])
async def test_an_income_that_is_not_fixed_asks_what_the_person_does(answer):
    dispatcher = CollectingDispatcher()
    events = await ValidateSettlementForm().run(dispatcher, income_answer(answer), load_domain())
    assert dispatcher.messages == []
    assert events == [SlotSet("est_monthly_income", "不固定"), SlotSet("requested_slot", "est_occupation")]


@pytest.mark.asyncio
async def test_an_income_that_is_not_fixed_of_a_job_already_said_asks_nothing_more_about_it():
    tracker = income_answer("不固定", est_occupation="送外卖")
    events = await ValidateSettlementForm().run(CollectingDispatcher(), tracker, load_domain())
    assert events == [SlotSet("est_monthly_income", "不固定"), SlotSet("requested_slot", "est_disability")]


@pytest.mark.asyncio
async def test_a_monthly_income_asks_no_job():
    events = await ValidateSettlementForm().run(CollectingDispatcher(), income_answer("每月5000"), load_domain())
    assert events == [SlotSet("est_monthly_income", 5000.0), SlotSet("requested_slot", "est_disability")]


def test_the_job_answer_is_kept_in_the_claimants_words_or_is_not_known():
    tracker = load_tracker("tracker_settlement_lost_days_none")
    assert [check_occupation(answer, tracker).value for answer in ("送外卖", "不清楚", "没有")] == [
        "送外卖",
        "不清楚",
        "不清楚",
    ]


def test_a_rough_answer_gives_the_month_of_the_accident(monkeypatch):
    monkeypatch.setattr("actions.settlement.datetime", FixedNow)
    assert [check_accident_month(text, None).value for text in ["上个月", "三个月前", "去年十二月", "不记得了"]] == [
        "2026-11",
        "2026-09",
        "2025-12",
        "不清楚",
    ]
    assert check_accident_month("2026-11-30T21:00:00+08:00", None).value == "2026-11"
    again = check_accident_month("很久以前", None)
    assert (again.value, again.reply) == (None, "utter_reask_est_accident_month")
    assert check_accident_month("2027-01-05T08:00:00+08:00", None).value is None


def test_the_estimate_is_dated_by_the_accident_time_else_by_its_month():
    assert "accident_date" not in estimate_request({"est_accident_month": "不清楚"}, "江苏")
    assert estimate_request({"est_accident_month": "2026-11"}, "江苏")["accident_date"] == "2026-11-01"
    slots = {"est_accident_month": "2026-11", "accident_time": "2026-11-22T20:00:00+08:00"}
    assert estimate_request(slots, "江苏")["accident_date"] == "2026-11-22"


def test_the_month_is_not_asked_once_the_accident_time_is_known():
    tracker = make_tracker("s1", {"accident_time": "2026-11-22T20:00:00+08:00"}, "能赔多少")
    assert "est_accident_month" in ValidateSettlementForm().skipped_slots(tracker)
    assert "est_accident_month" not in ValidateSettlementForm().skipped_slots(make_tracker("s2", {}, "能赔多少"))


def test_unknown_liability_is_left_to_the_estimator():
    assert check_liability("还没认定", None).value == "不清楚"
    assert check_liability("对方主要责任", None).value == "主责"
    slots = {
        "accident_time": "2026-11-22T20:00:00+08:00",
        "est_age": 30,
        "est_medical": 1000,
        "est_hospital_days": 0,
        "est_lost_days": 0,
        "est_commercial_limit": 0,
        "est_liability": "不清楚",
        "est_disability": 0,
    }
    assert "liability" not in estimate_request(slots, "江苏")


def test_disability_grades_are_read_in_chinese_or_digits():
    tracker = load_tracker("tracker_settlement_complete")
    assert check_disability("十级", tracker).value == 10
    assert check_disability("9级", tracker).value == 9
    assert check_disability("没有", tracker).value == 0


# "我爸70岁，在浙江，鉴定九级伤残，对方全责，残疾赔偿金大概多少": the amount with those facts, not the general formula.
DISABILITY_FROM_FACTS = "\n".join(
    [
        "按您说的情况，我先算一下。这是按2024年浙江标准做的估算，仅供参考，不是承诺的赔偿金额：",
        "所用标准：没有提供一审审理年份，按浙江最新公布的2024年统计数据，城镇居民人均可支配收入78,251元（尚未核实）。",
        "· 残疾赔偿金：156,502元",
        "  算法：浙江2024年城镇居民人均可支配收入78,251元 × 10年（伤者70岁，按10年） × 伤残系数20%"
        "（9级伤残；实务中一级100%，每低一级减10%）（人身损害赔偿解释第12条；一般按一审法庭辩论终结时上一年度的统计数据）。",
        "谁来赔：",
        "· 交强险：156,502元（医疗费用分项赔0元，死亡伤残分项赔156,502元）",
        "· 商业三者险：0元（超出交强险的部分 × 责任比例100%，以保额为限）",
        "· 责任方自己承担：0元",
        "· 伤者自己承担：0元（按责任比例）",
        "注意：伤者70岁，赔偿年限按10年计算：60岁以上每增加一岁减少一年，75岁以上按5年计算。",
        "注意：没有提供事故日期，按现行交强险限额估算。",
        "注意：浙江2024年的城镇居民人均可支配收入78,251元：该数据尚未核实，请以当地法院采用的标准为准。",
        "以上金额是按2024年浙江标准作出的估算，仅供参考；实际赔偿以保险公司核定、调解协议或法院判决为准。",
    ]
)


def faq_tracker(faq: str, **slots):
    """A tracker whose latest message the answer selector read as `faq`, with the facts said so far in the slots."""
    tracker = make_tracker("claimant-faq", slots, "大概能赔多少", intent="faq")
    tracker.latest_message["response_selector"] = {"faq": {"response": {"intent_response_key": faq}}}
    return tracker


async def faq_answer(tracker, monkeypatch, url):
    monkeypatch.setenv("CLAIMS_API_URL", url)
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, tracker, {})
    return dispatcher.messages, events


@pytest.mark.asyncio
async def test_a_disability_question_with_age_region_and_grade_is_computed_with_them(claims_api_url, monkeypatch):
    tracker = faq_tracker(
        "faq/disability_compensation", est_age=70, est_region="浙江", est_disability=9, est_liability="全责"
    )
    messages, events = await faq_answer(tracker, monkeypatch, claims_api_url)
    assert said(messages) == [DISABILITY_FROM_FACTS, STILL_COUNTS_DISABILITY]
    assert events == [FollowupAction("utter_offer_full_estimate")]


@pytest.mark.asyncio
async def test_a_death_is_estimated_on_death_compensation_and_funeral_costs(claims_api_url, monkeypatch):
    tracker = faq_tracker("faq/death_compensation", est_age=70, est_region="湖南", mat_death=True)
    messages, events = await faq_answer(tracker, monkeypatch, claims_api_url)
    computation = said(messages)[0]
    assert (
        "· 死亡赔偿金：512,430元\n  算法：湖南2024年城镇居民人均可支配收入51,243元 × 10年（伤者70岁，按10年）"
        in computation
    )
    assert "· 丧葬费：49,831.5元\n  算法：湖南2024年职工年平均工资99,663元 ÷ 12 × 6个月" in computation
    assert "医疗费" not in computation.split("谁来赔")[0] and "残疾" not in computation
    assert "· 交强险：180,000元（医疗费用分项赔0元，死亡伤残分项赔180,000元）" in computation
    assert said(messages[1:]) == [STILL_COUNTS_DEATH]
    assert events == [FollowupAction("utter_offer_full_estimate")]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "slots",
    [
        {"est_age": 70, "est_disability": 9},
        {"est_region": "浙江", "est_disability": 9},
        {"est_age": 70, "est_region": "浙江"},
    ],
)
async def test_without_every_fact_the_faq_answer_is_given(claims_api_url, monkeypatch, slots):
    messages, events = await faq_answer(
        faq_tracker("faq/disability_compensation", **slots), monkeypatch, claims_api_url
    )
    assert messages[0]["response"] == "utter_faq/disability_compensation" and len(messages) == 1
    assert events == []


@pytest.mark.asyncio
async def test_an_faq_about_no_amount_gets_its_own_answer(claims_api_url, monkeypatch):
    tracker = faq_tracker("faq/drunk_driving", est_age=70, est_region="浙江", est_disability=9)
    messages, events = await faq_answer(tracker, monkeypatch, claims_api_url)
    assert [m["response"] for m in messages] == ["utter_faq/drunk_driving"]


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_faq_answer_is_given_after_an_apology(monkeypatch):
    tracker = faq_tracker("faq/disability_compensation", est_age=70, est_region="浙江", est_disability=9)
    messages, events = await faq_answer(tracker, monkeypatch, f"http://127.0.0.1:{free_port()}")
    assert [m["response"] for m in messages] == ["utter_estimate_down", "utter_faq/disability_compensation"]
    assert said(messages[:1]) == [ESTIMATE_DOWN]


@pytest.mark.asyncio
async def test_a_death_case_in_the_form_asks_no_grade_lost_work_or_nursing():
    tracker = load_tracker("tracker_settlement_lost_days_none")
    tracker.slots.update(mat_death=True, est_lost_days=None)
    events = await ValidateSettlementForm().run(CollectingDispatcher(), tracker, load_domain())
    assert events[-1] == SlotSet("requested_slot", "est_dependants")


@pytest.mark.asyncio
async def test_the_form_estimates_a_death_case_as_one(claims_api_url, monkeypatch):
    tracker = load_tracker("tracker_settlement_complete")
    tracker.slots.update(
        est_region="湖南", mat_death=True, est_disability=None, est_lost_days=None, est_dependants=[8], est_supporters=2
    )
    messages, _ = await estimate_messages(tracker, monkeypatch, claims_api_url)
    rows = {row["label"]: row["amount"] for row in messages[-1]["custom"]["data"]["rows"]}
    assert list(rows) == [
        "医疗费（医药费、诊疗费、住院费）",
        "住院伙食补助费",
        "死亡赔偿金",
        "被扶养人生活费",
        "丧葬费",
    ]
    assert (rows["死亡赔偿金"], rows["丧葬费"]) == (51243 * 20, 99663 / 2)
