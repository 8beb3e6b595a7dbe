"""A bare yes, no or value is read as an answer, whatever the classifier makes of it; a question after it is still a question."""

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.extractors import PatternEntityExtractor
from bot.nlu.short_answers import ShortAnswerClassifier
from tests.bot.conftest import answer_of
from tests.conftest import ROOT
from text_rules.answers import only_asks_to_repeat, says_unknown, short_yes_or_no

YES = ["对", "是的", "好的", "要", "可以", "嗯", "行", "是", "有", "确认", "对对对", "好的呀", "嗯嗯"]
NO = ["不要", "没有", "不用", "不是", "否", "不用了"]
NEITHER = ["可以垫付吗", "对方全责", "不对，是前天", "好，那垫付怎么办？", "我开的，车牌苏A12345", "有人受伤"]


@pytest.mark.parametrize("text, answer", [*((t, True) for t in YES), *((t, False) for t in NO)])
def test_a_short_answer_says_yes_or_no(text, answer):
    assert short_yes_or_no(text) is answer


@pytest.mark.parametrize("text", NEITHER)
def test_a_message_that_says_more_is_left_to_the_classifier(text):
    assert short_yes_or_no(text) is None


def test_the_component_overrides_every_classifier_but_the_emergency():
    config = (ROOT / "config.yml").read_text("utf-8")
    names = [line.split("name:")[1].strip() for line in config.splitlines() if "- name:" in line]
    short_answers = f"{ShortAnswerClassifier.__module__}.{ShortAnswerClassifier.__name__}"
    assert names.index(short_answers) == names.index("bot.nlu.urgency.UrgencyClassifier") - 1


@pytest.mark.trained_model
@pytest.mark.parametrize("text, intent", [*((t, "affirm") for t in YES), *((t, "deny") for t in NO)])
def test_the_trained_model_reads_a_short_answer_as_yes_or_no(parse, text, intent):
    parsed = parse(text)
    assert (answer_of(parsed), parsed["intent"]["confidence"]) == (intent, 1.0)


@pytest.mark.parametrize(
    "text, unknown",
    [("车牌我不记得了", True), ("没看清", True), ("不清楚是哪家医院吗？", False), ("出车祸了 不知道该干嘛", False)],
)
def test_a_short_i_dont_know_is_an_answer(text, unknown):
    assert says_unknown(text) is unknown


@pytest.mark.trained_model
@pytest.mark.parametrize("text", ["车牌我不记得了", "不清楚", "没看清", "2090", "0858", "0048"])
def test_the_trained_model_reads_i_dont_know_or_bare_digits_as_an_answer(parse, text):
    assert parse(text)["intent"] == {"name": "inform", "confidence": 1.0}


@pytest.mark.parametrize(
    "text, answer",
    [
        ("成都武侯区人民南路", True),
        ("苏A12345", True),
        ("是13812345678", True),
        ("南京鼓楼医院吧", True),
        ("2090", True),
        ("九级", True),
        ("是 0858", True),
        ("成都武侯区人民南路怎么赔", False),
        ("交警说对方全责", False),
    ],
)
def test_a_message_that_is_only_a_value_a_form_asks_for_is_an_answer(text, answer):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": "out_of_scope", "confidence": 0.55})
    message.set(INTENT_RANKING_KEY, [{"name": "out_of_scope", "confidence": 0.55}])
    PatternEntityExtractor().process([message])
    ShortAnswerClassifier(ShortAnswerClassifier.get_default_config()).process([message])
    assert message.get(INTENT) == (
        {"name": "inform", "confidence": 1.0} if answer else {"name": "out_of_scope", "confidence": 0.55}
    )


@pytest.mark.parametrize(
    "text, repeat",
    [
        ("再说一遍", True),
        ("能再说一遍吗？", True),
        ("你说什么", True),
        ("没听清楚", True),
        ("麻烦再发一遍", True),
        ("什么意思，误工费是啥", False),
        ("说什么都不报了", False),
        ("没看清楚", False),
    ],
)
def test_only_a_message_that_asks_nothing_but_to_hear_it_again_is_a_repeat(text, repeat):
    assert only_asks_to_repeat(text) is repeat


@pytest.mark.trained_model
@pytest.mark.parametrize("text", ["再说一遍", "能再说一次吗", "没听清"])
def test_the_trained_model_reads_a_request_to_hear_it_again_as_repeat(parse, text):
    assert parse(text)["intent"] == {"name": "repeat", "confidence": 1.0}
