"""Materials: the checklist comes from the real API, grouped; the claimant hears what is still missing."""

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.materials import ActionMaterialsChecklist, ActionMaterialsMissing
from tests.actions.conftest import load_tracker, response_text, said
from tests.conftest import free_port
from text_rules.papers import papers_mentioned

ALL_THERE = response_text("utter_materials_all_there")
CHECKLIST_ASK = response_text("utter_which_materials_in_hand")
NOT_RECOGNISED = response_text("utter_materials_not_recognised")


@pytest.mark.asyncio
async def test_an_inpatient_with_lost_income_gets_the_grouped_checklist(claims_api_url, monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", claims_api_url)
    dispatcher = CollectingDispatcher()
    events = await ActionMaterialsChecklist().run(dispatcher, load_tracker("tracker_materials_answers"), {})
    checklist = said(dispatcher.messages)[0]
    assert checklist.startswith(
        "根据您说的情况（住院，有误工），需要准备这些材料：\n【身份证明】\n1. 伤者身份证或户口簿：复印件即可，原件备查。\n"
    )
    assert "\n【医疗材料】\n" in checklist and "14. 出院小结：出院时向医院索取。" in checklist
    assert checklist.endswith(
        "【误工材料】\n15. 单位误工证明：写明误工时间和扣发工资情况，加盖单位公章。\n"
        "16. 收入证明：劳动合同、近3个月工资条或银行流水；收入超过个税起征点的，附完税证明。\n"
        "【护理材料】\n17. 护理证明：医院出具，写明护理人数和天数。"
    )
    assert "伤残" not in checklist and "死亡" not in checklist
    assert said(dispatcher.messages)[1] == CHECKLIST_ASK
    assert [event["name"] for event in events] == ["materials_checklist", "materials_in_hand"]
    assert [item["code"] for item in events[0]["value"]][-3:] == [
        "employer_absence_certificate",
        "income_proof",
        "nursing_certificate",
    ]


@pytest.mark.asyncio
async def test_when_the_api_is_down_the_general_list_is_given(monkeypatch):
    monkeypatch.setenv("CLAIMS_API_URL", f"http://127.0.0.1:{free_port()}")
    dispatcher = CollectingDispatcher()
    events = await ActionMaterialsChecklist().run(dispatcher, load_tracker("tracker_materials_answers"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_required_materials"]
    assert events == []


@pytest.mark.asyncio
async def test_papers_in_hand_leave_the_rest_missing():
    dispatcher = CollectingDispatcher()
    events = await ActionMaterialsMissing().run(dispatcher, load_tracker("tracker_materials_have"), {})
    assert said(dispatcher.messages) == ["好的，记下了。还差这些：\n1. 门诊或住院病历"]
    assert events == [SlotSet("materials_in_hand", ["victim_id", "diagnosis_certificate", "medical_invoices"])]


@pytest.mark.asyncio
async def test_when_everything_is_there_the_claimant_hears_so():
    tracker = load_tracker("tracker_materials_have")
    tracker.latest_message["text"] = "病历也有了"
    tracker.slots["materials_in_hand"] = ["victim_id", "diagnosis_certificate", "medical_invoices"]
    dispatcher = CollectingDispatcher()
    await ActionMaterialsMissing().run(dispatcher, tracker, {})
    assert said(dispatcher.messages) == [ALL_THERE]


@pytest.mark.asyncio
async def test_words_that_name_no_paper_are_asked_again():
    tracker = load_tracker("tracker_materials_have")
    tracker.latest_message["text"] = "差不多吧"
    dispatcher = CollectingDispatcher()
    assert await ActionMaterialsMissing().run(dispatcher, tracker, {}) == []
    assert said(dispatcher.messages) == [NOT_RECOGNISED]


def test_everyday_words_find_the_papers():
    items = [
        {"code": "driver_licence", "name": "驾驶人驾驶证"},
        {"code": "test_reports", "name": "检查化验报告"},
        {"code": "discharge_summary", "name": "出院小结"},
    ]
    assert papers_mentioned("驾照和片子都有", items) == ["driver_licence", "test_reports"]
