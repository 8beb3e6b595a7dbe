"""Facts the claimant already gave are used, never asked again: the report and materials examples of issue 15."""

from tests.e2e.conftest import say

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
