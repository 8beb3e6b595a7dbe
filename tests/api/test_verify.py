"""The claimant's own view, behind a phone check that gives nothing away."""

import pytest

from api.crud import claims as claim_crud

NOT_FOUND = {"detail": "没有找到匹配的案件，请核对报案号和手机号后再试。", "code": "claim_not_found"}


def _verify(client, number: str, phone: str):
    return client.post(f"/api/v1/claims/{number}/verify", json={"phone": phone})


@pytest.mark.parametrize("phone", ["13800138000", "+86 138 0013 8000", "8000"])
def test_the_reporters_phone_in_full_or_its_last_4_digits_opens_the_view(client, new_claim, phone):
    claim = new_claim()
    response = _verify(client, claim["claim_number"], phone)
    assert response.status_code == 200
    body = response.json()
    assert body["claim_number"] == claim["claim_number"]
    assert (body["status"], body["status_label"]) == ("reported", "已报案")
    assert body["next_step"] == "我们已经收到您的报案，理赔人员会尽快与您联系，请保持电话畅通。"
    assert body["last_update"] == claim["updated_at"]
    assert {"code": "victim_id", "name": "伤者身份证或户口簿", "note": "复印件即可，原件备查。"} in body[
        "missing_materials"
    ]
    assert set(body) == {"claim_number", "status", "status_label", "last_update", "missing_materials", "next_step"}


def test_received_papers_leave_the_missing_list(client, agent, new_claim):
    number = new_claim()["claim_number"]
    client.post(f"/api/v1/claims/{number}/materials/victim_id", json={"status": "received"}, headers=agent)
    codes = [m["code"] for m in _verify(client, number, "8000").json()["missing_materials"]]
    assert "victim_id" not in codes


@pytest.mark.parametrize("phone", ["13800138001", "8001", "138001"])
def test_a_wrong_phone_and_an_unknown_claim_get_the_same_answer(client, new_claim, phone):
    number = new_claim()["claim_number"]
    wrong_phone = _verify(client, number, phone)
    unknown_claim = _verify(client, "RPT19990101000001", "13800138000")
    assert wrong_phone.status_code == unknown_claim.status_code == 404
    assert wrong_phone.json() == unknown_claim.json() == NOT_FOUND


def test_after_repeated_wrong_guesses_even_the_right_phone_is_refused(client, new_claim):
    number = new_claim()["claim_number"]
    for guess in range(claim_crud.VERIFY_LOCK_FAILURES):
        assert _verify(client, number, f"{guess:04d}").status_code == 404
    response = _verify(client, number, "8000")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_the_view_needs_no_credentials_but_claimant_data_routes_do(client, new_claim):
    number = new_claim()["claim_number"]
    assert _verify(client, number, "8000").status_code == 200
    assert client.get(f"/api/v1/claims/{number}").status_code == 401
