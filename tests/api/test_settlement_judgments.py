"""Published judgments reconciled to the yuan through the API on the test database (SQLite or PostgreSQL)."""

from decimal import Decimal

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


def test_jiangxi_dingnan_2018_gan_0728_min_chu_1608(client):
    """(2018)赣0728民初1608号, 江西省定南县人民法院 (2018-09-08): a pedestrian (60) killed on 2018-05-24, driver 全责.

    The court took 江西's previous-year figures: 死亡赔偿金 31,198 元/年 × 20 years (the victim was 60, so no
    reduction) = 623,960; 丧葬费 6 months of the 57,470 元 annual wage (在岗职工年平均工资) = 28,735; 抢救费用
    2,000; 654,695 in all. The insurer pays 412,000 "within 交强险 and the commercial third-party policy (300,000)":
    the 2008–2020 limits give 2,000 (医疗费用) + 110,000 (死亡伤残), the policy its 300,000 limit, and the driver the
    other 242,695. The court deducted nothing for the 12,000 the driver had already paid, so no advance is passed.

    Source: no web page with this judgment was found; its full text is quoted in a public GitHub file that the search
    tool's code index returned (Java class com.yuntu.basis_learn.pattern.TestRE, index file id 22930289549; the index
    gives no repository name or URL for it).
    """
    response = client.post(
        ESTIMATE,
        json={
            "accident_date": "2018-05-24",
            "region": "江西",
            "hearing_year": 2018,
            "victim_age": 60,
            "death": True,
            "medical_costs": "2000",
            "per_capita_income": "31198",
            "average_annual_wage": "57470",
            "liability": "全责",
            "commercial_third_party_limit": "300000",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert {item["code"]: item["amount"] for item in body["items"]} == {
        "medical_costs": "2000.00",
        "death_compensation": "623960.00",
        "funeral": "28735.00",
    }
    assert body["total_loss"] == "654695.00"
    assert [(part["sub_limit"], part["limit"], part["paid"]) for part in body["compulsory"]["sub_limits"]] == [
        ("医疗费用", "10000.00", "2000.00"),
        ("死亡伤残", "110000.00", "110000.00"),
    ]
    assert body["compulsory"]["paid"] == "112000.00"
    assert body["commercial"]["paid"] == "300000.00"
    assert body["liable_party_pays"] == "242695.00"
    assert body["victim_bears"] == "0.00"
    assert body["standards"]["statistical_year"] is None
    assert (
        body["standards"]["summary"]
        == "所用标准：您提供的城镇居民人均可支配收入31,198元；您提供的职工年平均工资57,470元。"
    )


def test_henan_xinzheng_2014_xin_min_chu_161(client):
    """(2014)新民初字第161号, 河南省新郑市人民法院 (2014-05-06): a motorcyclist hurt on 2013-10-25, 同等责任 (50%).

    The court allowed 医疗费 10,401.60; 住院伙食补助费 30 元/天 × 20 days = 600; 营养费 15 元/天 × 20 days = 300;
    误工费 at 河南's previous-year 农、林、牧、渔业 wage, 20,732 元/年, for 90 days = 5,112; 护理费 at the 居民服务和其他服务业
    wage, 25,379 元/年, one carer for 20 days = 1,390.60 (the daily wage rounded to the cent, 69.53, before multiplying:
    the exact 25,379 ÷ 365 × 20 is 1,390.63); 交通费 300; 18,104.20 in all.

    Only the items are reconciled. The same accident killed the motorcycle's passenger; the claimant let the passenger's
    family use the insurance first, and an earlier judgment, (2013)新民初字第3373号, had already taken 3,318.26 of the
    10,000 医疗费用 limit and all 110,000 死亡伤残. So 交强险 paid him 6,681.74 and the commercial policy 50% of the rest
    (5,711.23); the estimator shares the limits among victims in proportion to their losses (道交解释第19条) and has no
    input for limits already used, so the split is not asserted. The table has no 河南 figures before 2022, which this
    estimate does not need: every rate is the court's.

    Source: no web page with this judgment was found; its full text is in a public GitHub file that the search tool's code
    index returned (a MySQL dump of the court's e-litigation site, record /E-Litigation/cpws/2016-01-05/84_1.html, index
    file id 46278338939; the index gives no repository name or URL for it).
    """
    response = client.post(
        ESTIMATE,
        json={
            "accident_date": "2013-10-25",
            "region": "河南",
            "hearing_year": 2014,
            "liability": "同责",
            "medical_costs": "10401.60",
            "hospital_days": 20,
            "meal_allowance_per_day": "30",
            "nutrition_days": 20,
            "nutrition_per_day": "15",
            "lost_work_days": 90,
            "daily_income": str(Decimal(20732) / 365),
            "nursing_days": 20,
            "nursing_per_day": str((Decimal(25379) / 365).quantize(Decimal("0.01"))),
            "transport_costs": "300",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert {item["code"]: item["amount"] for item in body["items"]} == {
        "medical_costs": "10401.60",
        "meal_allowance": "600.00",
        "nutrition": "300.00",
        "lost_work": "5112.00",
        "nursing": "1390.60",
        "transport": "300.00",
    }
    assert body["total_loss"] == "18104.20"
    assert body["liability_ratio"] == "0.5"
    assert body["standards"]["summary"] == "这次估算没有用到地区统计数据。"
