"""Answers use the facts the claimant gave: the estimate and materials examples of issue 15, through the REST channel."""

from tests.e2e.conftest import say

# The whole texts are asserted by tests/actions/test_settlement.py and test_materials.py; here, what the claimant must read.
COMPUTATION = (
    "· 残疾赔偿金：156,502元\n  算法：浙江2024年城镇居民人均可支配收入78,251元 × 10年（伤者70岁，按10年） × 伤残系数20%"
)
STILL_COUNTS = "这些还会改变结果：有没有被扶养人（计入残疾赔偿金）、医疗费、误工和护理。"
CHECKLIST_ASK = "您已经有了哪些？直接告诉我就行，比如“诊断证明和发票我有了”，我帮您看看还差什么。"

OFFER_THE_REST = "要把这些也算进去吗？我只问您还没说过的。"
ASK_MONTH = "事故大概是什么时候发生的？记得哪个月就行，比如“上个月”。"
ASK_MEDICAL = "到现在医疗费一共花了大概多少钱？"


def test_a_disability_question_with_its_facts_is_computed_and_the_rest_asks_only_what_is_missing(system):
    rasa_url, _, _ = system
    sender = "e2e-answers-estimate"
    question = "我爸70岁，在浙江，鉴定九级伤残，对方全责，残疾赔偿金大概多少"
    computation, still_counts, offer = say(rasa_url, sender, question)
    assert computation.startswith(
        "按您说的情况，我先算一下。这是按2024年浙江标准做的估算，仅供参考，不是承诺的赔偿金额："
    )
    assert COMPUTATION in computation and "· 交强险：156,502元" in computation
    assert "您告诉我省份、年龄和等级" not in computation
    assert (still_counts, offer) == (STILL_COUNTS, OFFER_THE_REST)
    # Region, age, liability and grade were said: the estimate asks for none of them again.
    assert say(rasa_url, sender, "/affirm") == [ASK_MONTH]
    assert say(rasa_url, sender, "上个月") == [ASK_MEDICAL]


def test_materials_for_an_inpatient_with_lost_income_name_the_facts_they_were_chosen_by(system):
    rasa_url, _, _ = system
    sender = "e2e-answers-materials"
    assert (
        say(rasa_url, sender, "我老婆被撞骨折住院两周了，要准备哪些材料")[-1] == "伤者因为受伤耽误了工作、少了收入吗？"
    )
    assert say(rasa_url, sender, "她是超市收银员，有误工") == ["治疗或养伤期间，需要有人护理吗？"]
    assert say(rasa_url, sender, "需要人照顾") == ["伤者做了或者准备做伤残鉴定吗？"]
    assert say(rasa_url, sender, "还没有") == ["很抱歉要问这个：伤者是不是不幸去世了？"]
    checklist, ask = say(rasa_url, sender, "没有")
    assert checklist.startswith("根据您说的情况（住院，有误工，要人护理），需要准备这些材料：\n【身份证明】\n")
    assert "出院小结：出院时向医院索取。" in checklist and "单位误工证明：" in checklist and "护理证明：" in checklist
    assert "鉴定" not in checklist and "死亡" not in checklist
    assert ask == CHECKLIST_ASK


def test_a_death_is_estimated_as_one(system):
    rasa_url, _, _ = system
    computation, still_counts, offer = say(
        rasa_url, "e2e-answers-death", "我爸70岁，在湖南，出车祸去世了，死亡赔偿金大概多少"
    )
    assert computation.startswith(
        "按您说的情况，我先算一下。这是按2024年湖南标准做的估算，仅供参考，不是承诺的赔偿金额："
    )
    assert (
        "· 死亡赔偿金：512,430元\n  算法：湖南2024年城镇居民人均可支配收入51,243元 × 10年（伤者70岁，按10年）"
        in computation
    )
    assert "· 丧葬费：49,831.5元" in computation and "医疗费（" not in computation
    assert still_counts == "这些还会改变结果：有没有被扶养人（计入死亡赔偿金）、抢救花的医疗费、对方有没有商业三者险。"
    assert offer == OFFER_THE_REST


def test_a_yes_to_an_faq_answers_offer_is_followed_through(system):
    rasa_url, _, _ = system
    sender = "e2e-answers-offer"
    (answer,) = say(rasa_url, sender, "死亡赔偿金怎么算")
    assert answer.endswith("需要的话，我可以帮您按省份和年龄套一下公式。")
    assert say(rasa_url, sender, "好的") == ["案子在哪个省或者哪个城市处理？各地的赔偿标准不一样。"]


def test_a_yes_to_an_answer_that_asked_nothing_gets_what_else_not_a_fallback(system):
    rasa_url, _, _ = system
    sender = "e2e-answers-stray-yes"
    say(rasa_url, sender, "对保险公司不满意怎么投诉")
    assert say(rasa_url, sender, "好的") == ["好的。还有其他想了解的吗？比如垫付、材料或者赔偿项目。"]
