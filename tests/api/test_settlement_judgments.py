"""Published judgments reconciled to the yuan through the API on the test database (SQLite or PostgreSQL)."""

ESTIMATE = "/api/v1/settlement/estimate"


def test_beijing_chaoyang_2022_jing_0105_min_chu_66442(client):
    """(2022)京0105民初66442号, 北京市朝阳区人民法院: 九级伤残 (20%), 残疾赔偿金 326,072 元.

    The court took 81,518 元/年 (北京 2021 urban income, the year before the hearing) × 20 years × 20%; 交强险 paid
    115,140 of it and the commercial insurer 210,932, together 326,072.
    """
    response = client.post(
        ESTIMATE,
        json={
            "accident_date": "2022-01-15",
            "region": "北京",
            "victim_age": 40,
            "disability_grade": 9,
            "per_capita_income": "81518",
            "liability": "全责",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert {item["code"]: item["amount"] for item in body["items"]} == {"disability_compensation": "326072.00"}
    assert body["items"][0]["basis"].startswith("您提供的城镇居民人均可支配收入81,518元 × 20年")
    assert body["standards"]["summary"] == "所用标准：您提供的城镇居民人均可支配收入81,518元。"
