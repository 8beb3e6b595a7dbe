"""The agents' co-pilot, against a stand-in Rasa that answers with recorded replies and notes each request."""

import uuid

import pytest

from api.clients.rasa import RasaClient
from api.main import app
from api.routes import copilot
from tests.api.rasa_stand_in import RASA_TOKEN, REAR_END, RECORDED_PARSES, stand_in_rasa
from tests.conftest import free_port

RASA_DOWN = {
    "detail": "对话机器人暂时连不上，暂时无法识别来电内容或转发消息。请直接填写报案记录，稍后再试。",
    "code": "rasa_unavailable",
}


@pytest.fixture
def rasa():
    """The stand-in Rasa, wired into the API for one test."""
    with stand_in_rasa() as server:
        yield server


@pytest.fixture
def rasa_down():
    """A Rasa URL where nothing listens."""
    app.dependency_overrides[copilot.rasa_client] = lambda: RasaClient(f"http://127.0.0.1:{free_port()}", RASA_TOKEN)
    yield
    app.dependency_overrides.pop(copilot.rasa_client, None)


def _ticket(client, service, agent=None) -> dict:
    """A handoff ticket the bot opened; taken by `agent` when given."""
    ticket = client.post(
        "/api/v1/handoffs",
        headers=service,
        json={
            "conversation_id": f"web-{uuid.uuid4().hex}",
            "channel": "web",
            "reason": "requested",
            "summary": "客户要求转人工。",
            "transcript": [{"sender": "user", "text": "转人工"}],
        },
    ).json()
    if agent:
        assert client.post(f"/api/v1/handoffs/{ticket['id']}/take", headers=agent).status_code == 200
    return ticket


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/api/v1/copilot/analyse"),
        ("post", "/api/v1/copilot/claims"),
        ("post", "/api/v1/copilot/handoffs/1/messages"),
        ("post", "/api/v1/copilot/handoffs/1/hand-back"),
        ("get", "/api/v1/copilot/handoffs/1/conversation"),
    ],
)
def test_only_signed_in_agents_use_the_copilot(client, service, method, path):
    anonymous = getattr(client, method)(path, **({"json": {}} if method == "post" else {}))
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "请先登录或提供有效的服务密钥。", "code": "not_authenticated"}
    as_bot = getattr(client, method)(path, headers=service, **({"json": {}} if method == "post" else {}))
    assert as_bot.status_code == 403
    assert as_bot.json()["code"] == "agents_only"


def test_analyse_reads_the_callers_words_into_the_intake_sheet(client, agent, rasa):
    response = client.post("/api/v1/copilot/analyse", json={"text": REAR_END}, headers=agent)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["intent"] == {"name": "inform", "confidence": pytest.approx(0.9989, abs=1e-4)}
    assert [(e["entity"], e["value"]) for e in body["entities"]] == [
        ("region", "江苏"),
        ("time", "2026-11-22T20:00:00+08:00"),
        ("place", "南京中山路"),
        ("plate_number", "苏A12345"),
        ("hospital", "鼓楼医院"),
    ]
    assert body["intake"] == {
        "accident_time": "2026-11-22T20:00:00+08:00",
        "accident_place": "南京中山路",
        "driver_name": None,
        "plate_number": "苏A12345",
        "description": "昨天晚上八点在南京中山路追尾了",
        "police_reported": None,
        "injuries": "有一个人受伤送去了鼓楼医院",
        "hospital": "鼓楼医院",
        "vehicle_damage": None,
        "reporter_name": None,
        "contact_phone": None,
    }
    assert [item["label"] for item in body["missing"]] == ["驾驶员", "是否已报交警", "车辆损失", "报案人", "联系电话"]
    assert [(s["kind"], s["text"]) for s in body["suggestions"]] == [
        ("script", "请您不要将车辆驶离现场，请报交警、叫救护车，并在现场等候查勘。"),
        ("script", "医院120，交警122。有人受伤时不要随意挪动伤者和车辆，保护好现场。"),
        ("script", "我们会安排人员协助您处理，十分钟左右会有人给您回电话。"),
        ("question", "请问驾驶员姓名？"),
    ]
    assert all(s["source"].startswith("《理赔接待流程及沟通技巧》") for s in body["suggestions"])
    assert [rule["note"] for rule in body["rules"]] == [
        "有人受伤的事故必须立即报警（122）。",
        "报案后十分钟左右回访客户。",
    ]
    ((method, path, query, sent),) = rasa.received
    assert (method, path, query, sent) == ("POST", "/model/parse", {"token": [RASA_TOKEN]}, {"text": REAR_END})


def test_analyse_keeps_what_the_agent_already_wrote(client, agent, rasa):
    intake = {
        "reporter_name": "王五",
        "contact_phone": "138 1234 5678",
        "driver_name": "张三",
        "police_reported": False,
        "vehicle_damage": "前保险杠撞坏了",
        "plate_number": "苏A00000",
    }
    body = client.post("/api/v1/copilot/analyse", json={"text": REAR_END, "intake": intake}, headers=agent).json()
    assert body["intake"]["reporter_name"] == "王五"
    assert body["intake"]["contact_phone"] == "13812345678"
    assert body["intake"]["police_reported"] is False
    assert body["intake"]["plate_number"] == "苏A12345", "what the caller says now corrects the sheet"
    assert [item["field"] for item in body["missing"]] == []
    assert [s["kind"] for s in body["suggestions"]] == ["script", "script", "script"]


def test_an_faq_question_gets_the_assistants_answer(client, agent, rasa):
    body = client.post("/api/v1/copilot/analyse", json={"text": "交强险现在赔多少"}, headers=agent).json()
    assert (body["intent"]["name"], body["faq_topic"]) == ("faq", "faq/jqx_limits")
    assert body["suggestions"] == [
        {
            "kind": "faq",
            "text": RECORDED_PARSES["交强险现在赔多少"]["response_selector"]["faq"]["response"]["responses"][0][
                "text"
            ].strip(),
            "source": "对话机器人的常见问题回答（faq/jqx_limits）",
        }
    ]
    assert body["suggestions"][0]["text"].startswith("2020年9月19日零时以后发生的事故，交强险有责限额合计20万元")
    assert len(body["missing"]) == 11


def test_analyse_says_so_in_chinese_when_rasa_is_down(client, agent, rasa_down):
    response = client.post("/api/v1/copilot/analyse", json={"text": REAR_END}, headers=agent)
    assert response.status_code == 503
    assert response.json() == RASA_DOWN


def test_an_empty_message_is_refused_kindly(client, agent, rasa):
    response = client.post("/api/v1/copilot/analyse", json={"text": "  "}, headers=agent)
    assert response.status_code == 422
    assert response.json() == {"detail": "请填写来电内容。", "code": "invalid_text"}
    assert rasa.received == []


COMPLETE_INTAKE = {
    "accident_time": "2026-11-22T20:00:00+08:00",
    "accident_place": "南京中山路",
    "driver_name": "报案人本人",
    "plate_number": "苏A12345",
    "description": "昨天晚上八点在南京中山路追尾了",
    "police_reported": True,
    "injuries": "有一个人受伤送去了鼓楼医院",
    "hospital": "鼓楼医院",
    "vehicle_damage": "前保险杠撞坏了",
    "reporter_name": "王五",
    "contact_phone": "13812345678",
}


def test_an_agent_creates_the_claim_from_the_intake_sheet(client, agent):
    response = client.post("/api/v1/copilot/claims", json={"intake": COMPLETE_INTAKE}, headers=agent)
    assert response.status_code == 201, response.text
    number = response.json()["claim_number"]
    assert number.startswith("RPT") and len(number) == 17
    claim = client.get(f"/api/v1/claims/{number}", headers=agent).json()
    assert {
        key: claim[key]
        for key in (
            "accident_time",
            "accident_place",
            "plate_number",
            "driver_name",
            "reporter_name",
            "reporter_phone",
            "description",
            "police_reported",
            "has_injuries",
            "injured_taken_to_hospital",
            "hospital",
            "vehicle_damage",
            "channel",
            "status",
        )
    } == {
        "accident_time": "2026-11-22T12:00:00Z",
        "accident_place": "南京中山路",
        "plate_number": "苏A12345",
        "driver_name": "王五",
        "reporter_name": "王五",
        "reporter_phone": "13812345678",
        "description": "昨天晚上八点在南京中山路追尾了；伤情：有一个人受伤送去了鼓楼医院",
        "police_reported": True,
        "has_injuries": True,
        "injured_taken_to_hospital": True,
        "hospital": "鼓楼医院",
        "vehicle_damage": "前保险杠撞坏了",
        "channel": "console",
        "status": "reported",
    }
    assert claim["status_history"][0]["changed_by"] == "agent"


def test_a_claim_without_the_required_facts_says_what_is_missing(client, agent):
    intake = {key: value for key, value in COMPLETE_INTAKE.items() if key not in ("reporter_name", "contact_phone")}
    response = client.post("/api/v1/copilot/claims", json={"intake": intake}, headers=agent)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "创建报案还缺：报案人、联系电话。请先问清楚再创建。",
        "code": "intake_incomplete",
    }


def test_a_future_accident_time_is_refused_by_name(client, agent):
    intake = dict(COMPLETE_INTAKE, accident_time="2099-01-01T08:00:00+08:00")
    response = client.post("/api/v1/copilot/claims", json={"intake": intake}, headers=agent)
    assert response.status_code == 422
    assert response.json() == {"detail": "出险时间不能晚于现在。", "code": "intake_invalid"}


def test_nobody_hurt_means_no_injuries_and_no_hospital_on_the_claim(client, agent):
    intake = dict(COMPLETE_INTAKE, injuries="无人受伤", hospital=None)
    number = client.post("/api/v1/copilot/claims", json={"intake": intake}, headers=agent).json()["claim_number"]
    claim = client.get(f"/api/v1/claims/{number}", headers=agent).json()
    assert (claim["has_injuries"], claim["injured_taken_to_hospital"], claim["hospital"]) == (False, False, None)
    assert claim["description"] == "昨天晚上八点在南京中山路追尾了"


def test_the_agents_message_reaches_the_conversation_through_the_relay_action(client, service, agent, supervisor, rasa):
    ticket = _ticket(client, service, agent)
    conversation = ticket["conversation_id"]
    response = client.post(
        f"/api/v1/copilot/handoffs/{ticket['id']}/messages", json={"text": "您好，我是理赔员小王。"}, headers=agent
    )
    assert response.status_code == 200, response.text
    assert rasa.calls() == [
        (
            "POST",
            f"/conversations/{conversation}/tracker/events",
            [{"event": "slot", "name": "agent_message", "value": "您好，我是理赔员小王。"}],
        ),
        ("POST", f"/conversations/{conversation}/execute", {"name": "action_relay_agent_message"}),
    ]
    assert rasa.received[1][2] == {"output_channel": ["latest"], "token": [RASA_TOKEN]}
    body = response.json()
    assert body["status"] == "taken"
    assert [(turn["sender"], turn["text"]) for turn in body["transcript"]] == [
        ("user", "转人工"),
        ("agent", "您好，我是理赔员小王。"),
    ]
    audit = client.get(
        "/api/v1/audit", params={"resource": "handoff", "resource_id": str(ticket["id"])}, headers=supervisor
    ).json()
    assert [(entry["action"], entry["actor_id"]) for entry in audit["items"] if entry["action"] == "relay"] == [
        ("relay", "agent")
    ]


def test_only_the_agent_holding_the_ticket_may_speak(client, service, agent, other_agent, rasa):
    ticket = _ticket(client, service)
    url = f"/api/v1/copilot/handoffs/{ticket['id']}/messages"
    not_taken = client.post(url, json={"text": "您好"}, headers=agent)
    assert not_taken.status_code == 409
    assert not_taken.json() == {"detail": "请先接手这张工单，再回复客户。", "code": "handoff_not_taken"}
    client.post(f"/api/v1/handoffs/{ticket['id']}/take", headers=agent)
    someone_else = client.post(url, json={"text": "您好"}, headers=other_agent)
    assert someone_else.status_code == 409
    assert someone_else.json() == {"detail": "这张工单已经由坐席 agent 接手了。", "code": "handoff_taken"}
    assert rasa.received == []


def test_handing_back_resumes_the_bot_and_closes_the_ticket(client, service, agent, supervisor, rasa):
    ticket = _ticket(client, service, agent)
    conversation = ticket["conversation_id"]
    response = client.post(
        f"/api/v1/copilot/handoffs/{ticket['id']}/hand-back", json={"note": "已解答垫付问题"}, headers=agent
    )
    assert response.status_code == 200, response.text
    assert rasa.calls() == [
        ("POST", f"/conversations/{conversation}/tracker/events", [{"event": "resume"}]),
        ("POST", f"/conversations/{conversation}/execute", {"name": "action_bot_resumed"}),
    ]
    body = response.json()
    assert (body["status"], body["agent"], body["close_note"]) == ("closed", "agent", "已解答垫付问题")
    again = client.post(f"/api/v1/copilot/handoffs/{ticket['id']}/hand-back", json={}, headers=agent)
    assert again.status_code == 409
    assert again.json() == {"detail": "这张工单已经关闭了。", "code": "handoff_closed"}
    assert len(rasa.received) == 2
    audit = client.get(
        "/api/v1/audit", params={"resource": "handoff", "resource_id": str(ticket["id"])}, headers=supervisor
    ).json()
    assert "hand_back" in [entry["action"] for entry in audit["items"]]


def test_relay_and_hand_back_leave_the_ticket_as_it_was_when_rasa_is_down(client, service, agent, rasa_down):
    ticket = _ticket(client, service, agent)
    relayed = client.post(f"/api/v1/copilot/handoffs/{ticket['id']}/messages", json={"text": "您好"}, headers=agent)
    assert (relayed.status_code, relayed.json()) == (503, RASA_DOWN)
    handed_back = client.post(f"/api/v1/copilot/handoffs/{ticket['id']}/hand-back", json={}, headers=agent)
    assert (handed_back.status_code, handed_back.json()) == (503, RASA_DOWN)
    stored = client.get(f"/api/v1/handoffs/{ticket['id']}", headers=agent).json()
    assert (stored["status"], len(stored["transcript"])) == ("taken", 1)


def test_the_live_conversation_shows_who_said_what(client, service, agent, rasa):
    ticket = _ticket(client, service)
    response = client.get(f"/api/v1/copilot/handoffs/{ticket['id']}/conversation", headers=agent)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["conversation_id"], body["paused"]) == (ticket["conversation_id"], True)
    assert [(turn["sender"], turn["text"]) for turn in body["turns"]] == [
        ("user", "转人工"),
        ("bot", "我已经请人工理赔员来帮您。"),
        ("user", "有人吗"),
        ("agent", "人工理赔员：您好，我是理赔员小王。"),
    ]
    assert rasa.received[0][:3] == (
        "GET",
        f"/conversations/{ticket['conversation_id']}/tracker",
        {"include_events": ["ALL"], "token": [RASA_TOKEN]},
    )


def test_an_unknown_ticket_is_a_404(client, agent, rasa):
    response = client.post("/api/v1/copilot/handoffs/999999/messages", json={"text": "您好"}, headers=agent)
    assert response.status_code == 404
    assert response.json()["code"] == "handoff_not_found"
