"""Advance-payment (垫付) requests."""


def _request(client, number, headers, **changes):
    body = {
        "hospital": "仁济医院",
        "amount_requested": "12345.67",
        "reason": "抢救费用",
        "police_notice": True,
        **changes,
    }
    return client.post(f"/api/v1/claims/{number}/advance-payments", json=body, headers=headers)


def test_a_request_is_recorded_and_adds_the_police_notice_to_the_checklist(client, service, new_claim):
    claim = new_claim(injured_parties=[{"name": "王五"}])
    number = claim["claim_number"]
    response = _request(client, number, service, injured_party_id=claim["injured_parties"][0]["id"])
    assert response.status_code == 201
    body = response.json()
    assert (body["claim_number"], body["amount_requested"], body["status"]) == (number, "12345.67", "submitted")
    codes = [m["code"] for m in client.get(f"/api/v1/claims/{number}/materials", headers=service).json()]
    assert "advance_notice" in codes
    listed = client.get(f"/api/v1/claims/{number}/advance-payments", headers=service).json()
    assert [p["id"] for p in listed] == [body["id"]]


def test_an_amount_is_positive_with_at_most_2_decimals(client, service, new_claim):
    number = new_claim()["claim_number"]
    assert _request(client, number, service, amount_requested=0).status_code == 422
    assert _request(client, number, service, amount_requested="1.234").status_code == 422
    assert _request(client, number, service, amount_requested=800).json()["amount_requested"] == "800.00"


def test_an_injured_party_of_another_claim_is_refused(client, service, new_claim):
    other = new_claim(injured_parties=[{"name": "甲"}])
    number = new_claim()["claim_number"]
    response = _request(client, number, service, injured_party_id=other["injured_parties"][0]["id"])
    assert response.status_code == 422
    assert response.json() == {"detail": "「injured_party_id」不是这个案件的伤者。", "code": "invalid_injured_party_id"}


def test_agents_decide_and_impossible_steps_are_409(client, service, agent, new_claim):
    number = new_claim()["claim_number"]
    payment = _request(client, number, service).json()
    url = f"/api/v1/claims/{number}/advance-payments/{payment['id']}"
    approved = client.patch(url, json={"status": "approved", "decision_note": "金额合理"}, headers=agent)
    assert approved.status_code == 200
    body = approved.json()
    assert (body["status"], body["decided_by"], body["decision_note"]) == ("approved", "agent", "金额合理")
    assert client.patch(url, json={"status": "paid"}, headers=agent).json()["status"] == "paid"
    response = client.patch(url, json={"status": "rejected"}, headers=agent)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "这笔垫付申请当前是「已支付」，不能改为「未批准」。",
        "code": "invalid_transition",
    }


def test_the_bot_cannot_decide(client, service, new_claim):
    number = new_claim()["claim_number"]
    payment = _request(client, number, service).json()
    response = client.patch(
        f"/api/v1/claims/{number}/advance-payments/{payment['id']}", json={"status": "approved"}, headers=service
    )
    assert response.status_code == 403
    assert response.json()["code"] == "agents_only"
