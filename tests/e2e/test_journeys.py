"""Whole journeys through the REST channel, checked against what the claims API recorded."""

from datetime import datetime, timedelta

import httpx
import pytest

from tests.e2e.conftest import SHANGHAI, say

SERVICE = {"X-Service-Key": "dev-service-key"}


def api(ports: dict) -> httpx.Client:
    """The claims API of the running system, as the action server calls it."""
    return httpx.Client(base_url=f"http://127.0.0.1:{ports['API_PORT']}", headers=SERVICE, timeout=10)


def open_ticket(ports: dict, conversation_id: str) -> dict:
    """The conversation's waiting ticket: opening one again returns it unchanged."""
    with api(ports) as client:
        response = client.post(
            "/api/v1/handoffs",
            json={"conversation_id": conversation_id, "channel": "web", "reason": "requested", "summary": "-"},
        )
    assert response.status_code == 200
    return response.json()


def test_a_report_is_taken_corrected_and_recorded(system):
    rasa_url, _, ports = system
    sender = "e2e-journey-report"
    assert say(rasa_url, sender, "我要报案")[-1].startswith("事故是什么时候发生的？")
    assert say(rasa_url, sender, "昨天晚上八点在南京中山路")[-1].startswith("出事时开车的驾驶员叫什么名字？")
    assert say(rasa_url, sender, "王强")[-1].startswith("出事车辆的车牌号是多少？")
    assert say(rasa_url, sender, "苏A1234")[0].startswith("车牌号的格式好像不太对。")
    assert say(rasa_url, sender, "苏A12345")[-1].startswith("请简单说一下事故经过")
    assert say(rasa_url, sender, "我在路口直行，被右边的车撞了")[-1].startswith("报警了吗？")
    assert say(rasa_url, sender, "/affirm")[-1].startswith("有人受伤吗？")
    assert say(rasa_url, sender, "我腿骨折了")[-1] == "伤者送医院了吗？"
    assert say(rasa_url, sender, "/affirm")[-1] == "送到了哪家医院？"
    assert say(rasa_url, sender, "南京鼓楼医院")[-1].startswith("车辆损坏得怎么样？")
    assert say(rasa_url, sender, "前保险杠撞坏了")[-1].startswith("请问您怎么称呼？")
    assert say(rasa_url, sender, "王强")[-1].startswith("最后，请留一个能联系到您的手机号")
    summary = say(rasa_url, sender, "13812345678")[-1]
    assert summary.startswith("请核对一下我记下的内容：\n出险时间：")
    assert "车牌号：苏A12345" in summary
    corrected = say(rasa_url, sender, "车牌不对，是苏A54321")[-1]
    assert corrected.startswith("已经改好了。") and "车牌号：苏A54321" in corrected
    replies = say(rasa_url, sender, "/affirm")
    assert replies[0].startswith("报案已经提交，报案号是 RPT")
    claim_number = replies[0].split("报案号是 ")[1][:17]
    assert replies[1] == "这次报案在保单约定的48小时通知期限内，这一步已经做好了。"
    assert replies[2].startswith("接下来：\n1. 理赔人员会在10分钟左右给您回电话（尾号5678）")

    with api(ports) as client:
        claim = client.get(f"/api/v1/claims/{claim_number}").json()
        followups = client.get("/api/v1/followups", params={"conversation_id": sender}).json()["items"]
    yesterday_eight = datetime.now(SHANGHAI).replace(hour=20, minute=0, second=0, microsecond=0) - timedelta(days=1)
    assert datetime.fromisoformat(claim["accident_time"].replace("Z", "+00:00")) == yesterday_eight
    assert {
        k: claim[k]
        for k in (
            "accident_place",
            "plate_number",
            "driver_name",
            "reporter_phone",
            "police_reported",
            "has_injuries",
            "hospital",
            "channel",
            "conversation_id",
        )
    } == {
        "accident_place": "南京中山路",
        "plate_number": "苏A54321",
        "driver_name": "王强",
        "reporter_phone": "13812345678",
        "police_reported": True,
        "has_injuries": True,
        "hospital": "南京鼓楼医院",
        "channel": "rest",
        "conversation_id": sender,
    }
    assert claim["facts"]["inpatient"] is True
    assert [f["kind"] for f in followups] == ["callback", "materials_reminder", "treatment_checkin"]
    with api(ports) as client:
        checklist = client.get(f"/api/v1/claims/{claim_number}/materials").json()
    assert {"medical_records", "diagnosis_certificate", "medical_invoices"} <= {m["code"] for m in checklist}

    advance = say(rasa_url, sender, "医院催着交押金 保险公司能先垫付吗")
    assert advance[0].startswith("医院的钱可以这样解决") and advance[1].startswith(
        "需要的话，我现在就帮您把垫付申请记下来"
    )
    assert say(rasa_url, sender, "/affirm")[-1].startswith("为了保护您的信息")
    assert say(rasa_url, sender, "5678")[-1].startswith("医院大概需要先交多少钱？")
    assert say(rasa_url, sender, "两万")[-1] == "交警给您开了垫付通知书吗？"
    recorded = say(rasa_url, sender, "/deny")
    assert (
        recorded[0]
        == "垫付申请已经记下了：南京鼓楼医院，申请金额20,000元。这是申请金额，最终垫付多少，要由保险公司审核后确定。"
    )
    with api(ports) as client:
        payments = client.get(f"/api/v1/claims/{claim_number}/advance-payments").json()
    assert [(p["hospital"], p["amount_requested"], p["police_notice"]) for p in payments] == [
        ("南京鼓楼医院", "20000.00", False)
    ]

    status = say(rasa_url, sender, "我的案子到哪一步了")
    assert status[-1].startswith("为了保护您的信息")
    assert say(rasa_url, sender, "5678")[-1].startswith(f"您的案件（{claim_number}）现在的状态是：已报案。")


def test_a_request_for_a_person_opens_a_ticket_and_pauses_the_bot(system):
    rasa_url, _, ports = system
    sender = "e2e-journey-human"
    assert say(rasa_url, sender, "转人工")[-1].startswith("我已经请人工理赔员来帮您")
    assert say(rasa_url, sender, "你好") == []
    ticket = open_ticket(ports, sender)
    assert (ticket["reason"], ticket["status"]) == ("requested", "open")
    assert [t["text"] for t in ticket["transcript"]] == ["转人工"]
    resumed = httpx.post(
        f"{rasa_url}/conversations/{sender}/tracker/events",
        params={"token": "dev-rasa-token"},
        json={"event": "resume"},
        timeout=30,
    )
    assert resumed.status_code == 200
    assert say(rasa_url, sender, "你好")[0].startswith("您好，我是车险人伤理赔助手")


@pytest.mark.parametrize("sender", ["e2e-journey-status"])
def test_an_unknown_claim_is_never_shown(system, sender):
    rasa_url, _, _ = system
    assert say(rasa_url, sender, "查一下理赔进度")[-1].startswith("请告诉我您的报案号")
    assert say(rasa_url, sender, "RPT20200101000001")[-1].startswith("为了保护您的信息")
    replies = say(rasa_url, sender, "5678")
    assert replies[0] == "没有找到匹配的案件。可能是报案号或手机号有一位输错了，我们再核对一次。"
    assert replies[-1].startswith("请告诉我您的报案号")


def test_the_checklist_fits_the_case_and_the_claimant_hears_what_is_missing(system):
    rasa_url, _, _ = system
    sender = "e2e-journey-materials"
    assert say(rasa_url, sender, "理赔要准备什么材料")[-1].startswith("伤者住院了吗？")
    assert say(rasa_url, sender, "/affirm")[-1].startswith("伤者因为受伤耽误了工作")
    assert say(rasa_url, sender, "/deny")[-1].startswith("治疗或养伤期间，需要有人护理吗？")
    assert say(rasa_url, sender, "/deny")[-1].startswith("伤者做了或者准备做伤残鉴定吗？")
    assert say(rasa_url, sender, "/deny")[-1].startswith("很抱歉要问这个")
    checklist = say(rasa_url, sender, "/deny")
    assert checklist[0].startswith("根据您说的情况（住院），需要准备这些材料：\n【身份证明】")
    assert "出院小结" in checklist[0] and "误工" not in checklist[0]
    missing = say(rasa_url, sender, "诊断证明和发票我有了")[0]
    assert missing.startswith("好的，记下了。还差这些：") and "诊断证明书" not in missing and "出院小结" in missing


def test_an_estimate_is_labelled_with_its_standards(system):
    rasa_url, _, _ = system
    sender = "e2e-journey-estimate"
    assert say(rasa_url, sender, "能赔多少钱")[-1].startswith("想知道大概能赔多少")
    assert say(rasa_url, sender, "/affirm")[-1].startswith("案子在哪个省或者哪个城市处理？")
    for answer in ["江苏", "11月18号晚上十点", "四十五岁", "对方主责", "三万五"]:
        say(rasa_url, sender, answer)
    assert say(rasa_url, sender, "住院十五天")[-1].startswith("住院或养伤期间，有人护理了多少天？")
    assert say(rasa_url, sender, "20天")[-1].startswith("护理一天大概要多少钱？")
    assert say(rasa_url, sender, "每天150元")[-1].startswith("医生有没有嘱咐要加强营养")
    assert say(rasa_url, sender, "/deny")[-1].startswith("因为受伤误工了多少天？")
    assert say(rasa_url, sender, "/deny")[-1].startswith("做过伤残鉴定吗？")
    assert say(rasa_url, sender, "/deny")[-1].startswith("对方车辆有没有买商业三者险？")
    response = httpx.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": "/deny"}, timeout=60)
    estimate, table = response.json()
    estimate = estimate["text"]
    payload = table["custom"]["data"]
    assert (payload["type"], payload["title"]) == ("settlement_estimate", "赔偿估算（江苏 2024 年度标准）")
    assert {"label": "护理费", "amount": 3000.0} in payload["rows"]
    assert estimate.startswith("这是按2024年江苏标准做的估算，仅供参考，不是承诺的赔偿金额：")
    assert "· 交强险：" in estimate and "商业三者险" in estimate and "医保目录外的自费药" in estimate
    assert "· 护理费：3,000元" in estimate


def rasa_call(rasa_url: str, sender: str, path: str, body) -> list:
    """Call Rasa's HTTP API for a conversation (with the token) and return the bot's texts it produced."""
    response = httpx.post(
        f"{rasa_url}/conversations/{sender}/{path}",
        json=body,
        timeout=60,
        params={"token": "dev-rasa-token", "output_channel": "latest"},
    )
    assert response.status_code == 200, response.text
    return [message.get("text") for message in response.json().get("messages", [])]


def test_a_follow_up_in_the_middle_of_a_report_is_delivered_and_the_question_asked_again(system):
    rasa_url, _, _ = system
    sender = "e2e-journey-followup"
    assert say(rasa_url, sender, "我要报案")[-1].startswith("事故是什么时候发生的？")
    assert say(rasa_url, sender, "昨天晚上八点在南京中山路")[-1].startswith("出事时开车的驾驶员叫什么名字？")
    texts = rasa_call(
        rasa_url,
        sender,
        "trigger_intent",
        {"name": "EXTERNAL_followup", "entities": {"followup_id": "41", "followup_kind": "treatment_checkin"}},
    )
    assert texts[0].startswith("您好，来问候一下伤者的治疗情况")
    assert texts[-1].startswith("出事时开车的驾驶员叫什么名字？")
    tracker = httpx.get(
        f"{rasa_url}/conversations/{sender}/tracker", params={"token": "dev-rasa-token"}, timeout=30
    ).json()
    external = [
        e
        for e in tracker["events"]
        if e["event"] == "user" and e["parse_data"]["intent"]["name"] == "EXTERNAL_followup"
    ]
    assert [{x["entity"]: x["value"] for x in e["parse_data"]["entities"]}["followup_id"] for e in external] == ["41"]
    assert say(rasa_url, sender, "王强")[-1].startswith("出事车辆的车牌号是多少？")


def test_leaving_a_report_schedules_the_notice_reminder_until_the_claimant_opts_out(system):
    rasa_url, _, ports = system
    sender = "e2e-journey-reminder"
    say(rasa_url, sender, "我要报案")
    say(rasa_url, sender, "昨天晚上八点")
    replies = say(rasa_url, sender, "算了 不报了")
    assert replies[0] == "好的，已经停下了。您之前告诉我的内容不会丢，需要时随时接着办。"
    assert replies[1].startswith("如果您还没通知保险公司，我会在")
    with api(ports) as client:
        followups = client.get("/api/v1/followups", params={"conversation_id": sender}).json()["items"]
    assert [(f["kind"], f["status"]) for f in followups] == [("notice_reminder", "scheduled")]
    assert say(rasa_url, sender, "别再提醒我了") == [
        "好的，以后不再主动给您发提醒了。您想继续了解进度时，随时来问我就行。"
    ]
    with api(ports) as client:
        followups = client.get("/api/v1/followups", params={"conversation_id": sender}).json()["items"]
        preference = client.get(f"/api/v1/preferences/{sender}").json()
    assert [(f["kind"], f["status"]) for f in followups] == [("notice_reminder", "cancelled")]
    assert preference["opted_out_of_reminders"] is True


def test_an_agent_talks_through_the_bot_and_hands_back(system):
    rasa_url, _, _ = system
    sender = "e2e-journey-relay"
    assert say(rasa_url, sender, "转人工")[-1].startswith("我已经请人工理赔员来帮您")
    rasa_call(
        rasa_url,
        sender,
        "tracker/events",
        [{"event": "slot", "name": "agent_message", "value": "您好，我是理赔员小李"}],
    )
    assert rasa_call(rasa_url, sender, "execute", {"name": "action_relay_agent_message"}) == [
        "人工理赔员：您好，我是理赔员小李"
    ]
    assert say(rasa_url, sender, "好的") == []
    rasa_call(rasa_url, sender, "tracker/events", {"event": "resume"})
    assert rasa_call(rasa_url, sender, "execute", {"name": "action_bot_resumed"})[0].startswith(
        "人工理赔员已经把对话交回给我了"
    )
    assert say(rasa_url, sender, "你好")[0].startswith("您好，我是车险人伤理赔助手")


def test_a_bare_phone_number_is_not_taken_for_a_goodbye(system):
    rasa_url, _, _ = system
    assert say(rasa_url, "e2e-journey-phone", "13812345678") == [
        "好的，记下了。您现在最想先解决哪件事？报案、垫付、材料还是赔偿？"
    ]
