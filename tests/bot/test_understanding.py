"""What the trained model does with the messages real claimants open with, and the rules around it."""

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.answer_classifier import ANSWER_RANKING, _summed_by_intent
from bot.nlu.clarifying_fallback import ClarifyingFallbackClassifier, should_clarify
from bot.nlu.scope import outside_motor_claims
from bot.nlu.urgency import hurt_now
from tests.bot.conftest import answer_of

ROOT = Path(__file__).resolve().parents[2]
TITLES = yaml.safe_load((ROOT / "actions" / "answer_titles.yml").read_text("utf-8"))


def ranking(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_faq_topics_add_up_to_the_faq_intent():
    assert _summed_by_intent(
        [("faq/lost_wages", 0.3), ("ask_settlement", 0.35), ("faq/nursing_fee", 0.2), ("affirm", 0.15)]
    ) == [("faq", 0.5), ("ask_settlement", 0.35), ("affirm", 0.15)]


@pytest.mark.parametrize(
    "answers, clarify",
    [
        ((("faq/lost_wages", 0.15), ("faq/nursing_fee", 0.1)), True),  # nothing likely enough
        ((("faq/lost_wages", 0.45), ("faq/nursing_fee", 0.3)), True),  # two answers close together
        ((("faq/lost_wages", 0.6), ("faq/nursing_fee", 0.3)), False),
        ((("affirm", 0.45), ("inform", 0.4)), False),  # a bare reply is no question to clarify
        ((("out_of_scope", 0.4), ("faq/property_damage", 0.3)), False),  # an honest "not my field" is safe
        ((("emergency", 0.18), ("accident_happened", 0.15)), False),  # so is the emergency guidance, even unsure
        ((("accident_happened", 0.17), ("emergency", 0.1)), False),  # and the guided opening
    ],
)
def test_a_clarifying_question_when_unsure_or_torn_between_two_answers(answers, clarify):
    assert should_clarify(ranking(*answers), threshold=0.2, ambiguity_ratio=0.6) is clarify


def test_not_my_field_as_the_best_answer_is_the_intent_even_when_unsure():
    message = Message(data={TEXT: "驾照分数能不能找别人帮忙消"})
    message.set(INTENT, {"name": "faq", "confidence": 0.4})
    message.set(INTENT_RANKING_KEY, ranking(("faq", 0.4), ("out_of_scope", 0.23)))
    message.set(ANSWER_RANKING, ranking(("out_of_scope", 0.23), ("faq/lawyer_needed", 0.07)))
    ClarifyingFallbackClassifier(ClarifyingFallbackClassifier.get_default_config()).process([message])
    assert message.get(INTENT) == {"name": "out_of_scope", "confidence": 0.23}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["out_of_scope", "faq"]


@pytest.mark.parametrize(
    "text, urgent",
    [
        ("撞到人了他头上都是血怎么办", True),
        ("我刚把一个骑电动车的撞倒了他起不来了", True),
        ("救护车还没到 我妈躺在地上", True),
        ("我爸还在手术室抢救 钱不够怎么办", True),
        ("被追尾了 我脖子发麻 不敢下车", True),
        ("我在医院急诊排队 膝盖疼得受不了", True),
        ("他胳膊抬不起来 血把衣服都染红了", True),
        ("手续太麻烦了 能不能快点赔", False),
        ("他在ICU住了一周 后面能赔多少", False),
        ("上个月被撞昏迷了三天 现在能赔多少", False),
        ("抢救费谁先垫付", False),
        ("我爸住院两周了 医生说还动不了 护理费怎么算", False),
    ],
)
def test_only_someone_hurt_right_now_is_an_emergency(text, urgent):
    assert hurt_now(text) is urgent


@pytest.mark.trained_model
@pytest.mark.parametrize("text", ["出车祸了", "我被车撞了", "被撞了", "车祸了怎么办", "我儿子被车撞了在医院"])
def test_the_openings_claimants_type_start_the_guided_conversation(parse, text):
    assert answer_of(parse(text)) == "accident_happened"


@pytest.mark.trained_model
@pytest.mark.parametrize("text", ["撞到人了，他头上都是血，怎么办", "我刚把一个骑电动车的撞倒了，他起不来了"])
def test_emergencies_come_first_whatever_else_they_ask(parse, text):
    assert parse(text)["intent"] == {"name": "emergency", "confidence": 1.0}


@pytest.mark.trained_model
def test_an_faq_answer_has_the_response_selector_shape_that_utter_faq_reads(parse):
    parsed = parse("误工费怎么算")
    selected = parsed["response_selector"]["faq"]["response"]
    assert (parsed["intent"]["name"], selected["intent_response_key"], selected["utter_action"]) == (
        "faq",
        "faq/lost_wages",
        "utter_faq/lost_wages",
    )
    assert selected["responses"][0]["text"].startswith("误工费")


@pytest.mark.trained_model
@pytest.mark.parametrize("answer, title", sorted(TITLES.items()))
def test_every_clarifying_button_is_answered_as_its_title_says(parse, answer, title):
    parsed = parse(title)
    assert (answer_of(parsed), parsed["intent"]["name"] != "nlu_fallback") == (answer, True)


@pytest.mark.trained_model
def test_a_message_with_nothing_readable_left_falls_back(parse):
    assert parse("\x00\x01")["intent"] == {"name": "nlu_fallback", "confidence": 0.0}


@pytest.mark.parametrize(
    "text, outside",
    [
        ("在车间被机器卷了手 工伤怎么报", True),
        ("干活摔伤了 老板不管", True),
        ("交强险一年要交多少钱", True),
        ("出险以后保费会涨吗", True),
        ("下班路上被车撞了 算工伤吗", False),
        ("非医保费用扣了三千 合理吗", False),
        ("交了这么多年保费 出事就这态度", False),
    ],
)
def test_a_work_injury_off_the_road_or_an_insurance_price_is_outside_motor_claims(text, outside):
    assert outside_motor_claims(text) is outside


@pytest.mark.parametrize(
    "text, best",
    [("对方全责 能要求什么", "ask_liability"), ("对方全责", "inform"), ("不知道是什么医院", "inform")],
)
def test_a_question_is_never_read_as_a_bare_reply(text, best):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": "inform", "confidence": 0.41})
    message.set(ANSWER_RANKING, ranking(("inform", 0.41), ("ask_liability", 0.36), ("ask_dispute", 0.1)))
    ClarifyingFallbackClassifier(ClarifyingFallbackClassifier.get_default_config()).process([message])
    assert message.get(ANSWER_RANKING)[0]["name"] == best
