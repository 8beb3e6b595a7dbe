"""Handoff tickets from the bot to an agent."""

import uuid


def _open(client, service, **changes):
    body = {
        "conversation_id": changes.pop("conversation_id", None) or f"web-{uuid.uuid4().hex}",
        "channel": "web",
        "reason": "angry",
        "summary": "客户对垫付进度不满，要求人工。",
        "facts": {"plate_number": "沪A12345"},
        "transcript": [
            {"sender": "user", "text": "我要找人工！", "at": "2026-11-23T10:00:00+08:00"},
            {"sender": "bot", "text": "好的，正在为您转接。"},
        ],
        **changes,
    }
    return client.post("/api/v1/handoffs", json=body, headers=service)


def test_the_bot_opens_a_ticket_and_a_second_ask_returns_the_same_one(client, service, new_claim):
    number = new_claim()["claim_number"]
    first = _open(client, service, claim_number=number)
    assert first.status_code == 201
    body = first.json()
    assert (body["status"], body["claim_number"], body["agent"]) == ("open", number, None)
    assert body["transcript"][0] == {"sender": "user", "text": "我要找人工！", "at": "2026-11-23T02:00:00Z"}
    again = _open(client, service, conversation_id=body["conversation_id"])
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]


def test_agents_list_take_and_close_tickets(client, service, agent, other_agent):
    ticket = _open(client, service).json()
    listed = client.get(
        "/api/v1/handoffs", params={"status": "open", "conversation_id": ticket["conversation_id"]}, headers=agent
    ).json()
    assert [t["id"] for t in listed["items"]] == [ticket["id"]]
    url = f"/api/v1/handoffs/{ticket['id']}"
    taken = client.post(f"{url}/take", headers=agent)
    assert taken.status_code == 200
    assert (taken.json()["status"], taken.json()["agent"]) == ("taken", "agent")
    assert client.post(f"{url}/take", headers=agent).status_code == 200
    stolen = client.post(f"{url}/take", headers=other_agent)
    assert stolen.status_code == 409
    assert stolen.json() == {"detail": "这张工单已经由坐席 agent 接手了。", "code": "handoff_taken"}
    closed = client.post(f"{url}/close", json={"note": "已电话安抚"}, headers=agent)
    assert (closed.json()["status"], closed.json()["close_note"]) == ("closed", "已电话安抚")
    again = client.post(f"{url}/close", json={}, headers=agent)
    assert again.status_code == 409
    assert again.json() == {"detail": "这张工单已经关闭了。", "code": "handoff_closed"}
    assert client.get(url, headers=service).json()["status"] == "closed"


def test_after_closing_the_conversation_can_ask_again(client, service, agent):
    ticket = _open(client, service).json()
    client.post(f"/api/v1/handoffs/{ticket['id']}/close", json={}, headers=agent)
    assert _open(client, service, conversation_id=ticket["conversation_id"]).status_code == 201


def test_only_the_bot_opens_and_it_lists_only_one_conversations_tickets(client, service, agent):
    ticket = _open(client, service).json()
    opened_by_agent = client.post(
        "/api/v1/handoffs",
        json={"conversation_id": "c1", "channel": "web", "reason": "requested", "summary": "s"},
        headers=agent,
    )
    assert opened_by_agent.status_code == 403
    assert opened_by_agent.json()["code"] == "service_only"
    everything = client.get("/api/v1/handoffs", headers=service)
    assert (everything.status_code, everything.json()["code"]) == (403, "conversation_required")
    mine = client.get("/api/v1/handoffs", params={"conversation_id": ticket["conversation_id"]}, headers=service)
    assert mine.status_code == 200
    assert [t["id"] for t in mine.json()["items"]] == [ticket["id"]]
