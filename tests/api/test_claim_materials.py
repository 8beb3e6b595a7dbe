"""A claim's materials checklist."""


def _materials(client, number, headers) -> list[dict]:
    response = client.get(f"/api/v1/claims/{number}/materials", headers=headers)
    assert response.status_code == 200
    return response.json()


def test_checklist_lists_papers_in_guide_order_with_their_status(client, service, new_claim):
    number = new_claim()["claim_number"]
    materials = _materials(client, number, service)
    first = materials[0]
    assert first == {
        "code": "victim_id",
        "group": "identity",
        "group_title": "身份证明",
        "name": "伤者身份证或户口簿",
        "note": "复印件即可，原件备查。",
        "status": "required",
        "received_at": None,
        "updated_at": first["updated_at"],
    }
    groups = [m["group"] for m in materials]
    assert groups.index("identity") < groups.index("accident") < groups.index("medical")


def test_mark_received_then_waived_then_required_again(client, agent, new_claim):
    number = new_claim()["claim_number"]
    url = f"/api/v1/claims/{number}/materials/medical_invoices"
    received = client.post(url, json={"status": "received"}, headers=agent).json()
    assert received["status"] == "received" and received["received_at"] is not None
    waived = client.post(url, json={"status": "waived"}, headers=agent).json()
    assert (waived["status"], waived["received_at"]) == ("waived", None)
    assert client.post(url, json={"status": "required"}, headers=agent).json()["status"] == "required"


def test_a_paper_not_on_the_checklist_is_404(client, agent, new_claim):
    number = new_claim()["claim_number"]
    response = client.post(
        f"/api/v1/claims/{number}/materials/death_certificate", json={"status": "received"}, headers=agent
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "这个案件的材料清单里没有这一项。", "code": "material_not_found"}


def test_a_hospitalised_or_fatal_injured_party_adds_papers(client, service, new_claim):
    number = new_claim()["claim_number"]
    assert "discharge_summary" not in [m["code"] for m in _materials(client, number, service)]
    response = client.post(
        f"/api/v1/claims/{number}/injured-parties", json={"name": "王五", "hospitalised": True}, headers=service
    )
    assert response.status_code == 201
    party = response.json()
    assert (party["name"], party["severity"], party["hospitalised"]) == ("王五", "minor", True)
    assert "discharge_summary" in [m["code"] for m in _materials(client, number, service)]
    response = client.patch(
        f"/api/v1/claims/{number}/injured-parties/{party['id']}", json={"severity": "fatal"}, headers=service
    )
    assert response.status_code == 200
    assert "death_certificate" in [m["code"] for m in _materials(client, number, service)]


def test_injured_parties_are_listed_under_their_claim(client, service, new_claim):
    number = new_claim(injured_parties=[{"name": "甲"}, {"name": "乙", "disability_grade": 9}])["claim_number"]
    response = client.get(f"/api/v1/claims/{number}/injured-parties", headers=service)
    assert [p["name"] for p in response.json()] == ["甲", "乙"]
    assert "appraisal_opinion" in [m["code"] for m in _materials(client, number, service)]


def test_an_injured_party_of_another_claim_is_404(client, service, new_claim):
    first = new_claim(injured_parties=[{"name": "甲"}])
    second = new_claim()
    party_id = first["injured_parties"][0]["id"]
    response = client.patch(
        f"/api/v1/claims/{second['claim_number']}/injured-parties/{party_id}", json={"age": 30}, headers=service
    )
    assert response.status_code == 404
    assert response.json()["code"] == "injured_party_not_found"


def test_an_injured_partys_age_and_grade_are_bounded(client, service, new_claim):
    number = new_claim()["claim_number"]
    response = client.post(
        f"/api/v1/claims/{number}/injured-parties", json={"name": "甲", "disability_grade": 11}, headers=service
    )
    assert response.status_code == 422
    assert response.json() == {"detail": "「disability_grade」不能大于10。", "code": "invalid_disability_grade"}
