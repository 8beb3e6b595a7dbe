"""Facts the claimant already gave are used, never asked again: the report and materials examples of issue 15."""

from datetime import datetime, timedelta

from tests.e2e.conftest import SHANGHAI, say

ASK_TIME = "事故是什么时候发生的？说个大概就行，比如“昨天晚上八点”。"


def test_a_report_takes_every_fact_of_a_long_answer_and_asks_only_for_the_rest(system):
    rasa_url, _, _ = system
    sender = "e2e-facts-report"
    assert say(rasa_url, sender, "我要报案")[-1] == ASK_TIME
    story = "前天晚上九点在成都武侯区人民南路，我开车把一个骑电动车的撞了，车牌川A3K567，我叫李强"
    assert say(rasa_url, sender, story) == ["报警了吗？（122或110）"]
    assert say(rasa_url, sender, "报警了") == ["有人受伤吗？伤在哪里、重不重？没人受伤就回复“没有”。"]
    assert say(rasa_url, sender, "骑车的人腿擦伤了") == ["伤者送医院了吗？"]
    assert say(rasa_url, sender, "送到市一医院了") == ["车辆损坏得怎么样？比如“前保险杠撞坏了”。没有损坏就回复“没有”。"]
    assert say(rasa_url, sender, "车头撞坏了") == ["最后，请留一个能联系到您的手机号，理赔员会打这个电话联系您。"]
    summary = say(rasa_url, sender, "13812345678")[0]
    for line in (
        "出险地点：成都武侯区人民南路",
        "驾驶员：报案人本人",
        "车牌号：川A3K567",
        "事故经过：我开车把一个骑电动车的撞了",
        "是否报警：已报警",
        "伤者情况：骑车的人腿擦伤了",
        "送医情况：已送市一医院",
        "报案人：李强，电话 13812345678",
    ):
        assert line in summary


def test_materials_for_an_inpatient_with_lost_income_skip_what_was_said(system):
    rasa_url, _, _ = system
    sender = "e2e-facts-materials"
    assert say(rasa_url, sender, "我老婆被撞骨折住院两周了，要准备哪些材料") == [
        "要准备哪些材料，要看伤者的情况。我问您几个简单的问题，一次一个，然后给您列一份清单。",
        "伤者因为受伤耽误了工作、少了收入吗？",
    ]
    assert say(rasa_url, sender, "她是超市收银员，有误工") == ["治疗或养伤期间，需要有人护理吗？"]


def test_a_report_from_someone_in_hospital_asks_only_where_and_how_badly_they_are_hurt(system):
    rasa_url, _, _ = system
    sender = "e2e-facts-in-hospital"
    story = "昨天下午在杭州西湖区被一辆车牌浙A12345的轿车撞了，我骑电动车，交警来过了，我在医院住院，要报案"
    assert say(rasa_url, sender, story)[-1] == "出事时开车的驾驶员叫什么名字？如果是您自己开的，回复“我”就行。"
    assert say(rasa_url, sender, "不知道") == ["伤者伤在哪里、重不重？比如“左腿骨折”。"]
    assert say(rasa_url, sender, "左腿骨折") == ["送到了哪家医院？"]


def test_a_delivery_rider_without_proof_of_income_is_estimated_on_the_trade_and_never_asked_the_income(system):
    rasa_url, _, _ = system
    sender = "e2e-facts-rider"
    story = "我在福州被车撞了，对方全责，住院20天，花了3万医药费，我是送外卖的，没有工资流水，大概能赔多少"
    assert say(rasa_url, sender, story)[-1].startswith("想知道大概能赔多少")
    assert say(rasa_url, sender, "好，帮我估算")[-1].startswith("事故大概是什么时候发生的？")
    assert say(rasa_url, sender, "上个月") == ["伤者今年多大年纪？"]
    assert say(rasa_url, sender, "35岁") == ["住院或养伤期间，有人护理了多少天？没有人护理就回复“没有”。"]
    say(rasa_url, sender, "没有")
    assert say(rasa_url, sender, "没有") == ["因为受伤误工了多少天？没有误工就回复“没有”。"]
    assert say(rasa_url, sender, "60天") == ["做过伤残鉴定吗？评了几级？没有就回复“没有”。"]
    say(rasa_url, sender, "没有")
    estimate = say(rasa_url, sender, "没有")[0]
    assert "· 医疗费（医药费、诊疗费、住院费）：30,000元" in estimate
    assert "注意：按“送外卖”属于交通运输、仓储和邮政业估算误工费，这是估算时的假设，以法院认定的行业为准。" in estimate


def test_an_income_that_is_not_fixed_is_followed_by_the_job_question(system):
    rasa_url, _, _ = system
    sender = "e2e-facts-income-not-fixed"
    assert say(rasa_url, sender, "能赔多少钱")[-1].startswith("想知道大概能赔多少")
    say(rasa_url, sender, "/affirm")
    for answer in ["福建", "上个月", "四十岁", "对方全责", "一万", "/deny"]:
        say(rasa_url, sender, answer)
    assert say(rasa_url, sender, "30天") == ["受伤前每个月大概收入多少？收入不固定的话，回复“不固定”就行。"]
    assert say(rasa_url, sender, "不固定") == [
        "伤者平时做什么工作？比如“送外卖”“种地”“在工地干活”。没有固定收入的，误工费按这一行的平均工资估算。"
    ]
    assert say(rasa_url, sender, "在工地干活") == ["做过伤残鉴定吗？评了几级？没有就回复“没有”。"]


def test_the_days_since_the_accident_are_its_day_for_the_notice_and_the_report(system):
    rasa_url, _, _ = system
    sender = "e2e-facts-days-since"
    day = datetime.now(SHANGHAI) - timedelta(days=3)
    replies = say(rasa_url, sender, "出车祸三天了还没报保险，还能报吗")
    assert replies[-1].startswith(f"按您说的事故日期（{day.month}月{day.day}日），保单约定的48小时通知期限最晚在")
    assert say(rasa_url, sender, "帮我报案")[-1] == "事故发生在哪里？比如“南京中山路和北京路路口”。"
