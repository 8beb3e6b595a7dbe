"""The facts a message states become entities, and a message that only states facts is an answer."""

from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.extractors import FactEntityExtractor, PatternEntityExtractor
from bot.nlu.statements import StatementClassifier


def _extracted(text: str) -> list:
    message = Message(data={TEXT: text})
    PatternEntityExtractor().process([message])
    FactEntityExtractor().process([message])
    return [(e["entity"], e["value"]) for e in message.get(ENTITIES) if e["extractor"] == "FactEntityExtractor"]


def test_stated_facts_and_named_durations_become_entities():
    assert _extracted("我是报案人，我叫李强，住院15天，误工三个月") == [
        ("reporter_name", "李强"),
        ("taken_to_hospital", True),
        ("inpatient", True),
        ("lost_income", True),
        ("hospital_days", 15),
        ("lost_days", 90),
    ]


def test_amounts_are_named_by_their_context_and_others_are_not():
    assert _extracted("医药费花了三万，月收入五千，医院让先交两万") == [
        ("medical_cost", 30000),
        ("monthly_income", 5000),
        ("hospital_deposit", 20000),
    ]
    assert _extracted("过了15天，对方给了两千") == []


def test_an_amount_or_duration_said_before_its_name_is_named_too():
    assert _extracted("花了3万医药费，请了20天假") == [("medical_cost", 30000), ("lost_days", 20)]


def test_a_job_said_by_what_the_person_does_and_an_income_that_is_not_fixed_become_entities():
    assert _extracted("我是送外卖的，没有工资流水") == [
        ("lost_income", True),
        ("occupation", "送外卖"),
        ("monthly_income", "不固定"),
    ]


def _classified(text: str, intent: str) -> str:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.8})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.8}])
    PatternEntityExtractor().process([message])
    FactEntityExtractor().process([message])
    StatementClassifier().process([message])
    return message.get(INTENT)["name"]


def test_a_statement_of_facts_read_as_an_faq_question_is_an_answer():
    assert _classified("她是超市收银员，有误工", "faq") == "inform"
    assert _classified("她是超市收银员，有误工", "nlu_fallback") == "inform"


def test_a_story_of_facts_that_asks_to_report_starts_the_report():
    story = "昨天晚上八点在南京中山路，开车的是王强，我在路口直行被右边的车撞了，我要报案"
    assert _classified(story, "nlu_fallback") == "report_accident"
    assert _classified("报案，交警已经到了", "inform") == "report_accident"


def test_a_report_made_before_is_about_its_progress_not_a_new_report():
    assert _classified("你好，我之前在这里报过案", "report_accident") == "ask_claim_status"
    assert _classified("已经报了案", "report_accident") == "ask_claim_status"
    assert _classified("上次报过了，这次是另一起事故，我要报案", "report_accident") == "report_accident"
    assert _classified("报案号丢了，交警已经来过了", "faq") == "inform"


def test_a_named_amount_alone_is_no_statement_of_facts():
    assert _classified("月收入五千", "faq") == "faq"


def test_questions_searches_and_journeys_keep_their_intent():
    assert _classified("她是收银员，误工费怎么算", "faq") == "faq"
    assert _classified("交通事故误工费标准", "faq") == "faq"
    assert _classified("我开车撞了人，交警已经来了", "report_accident") == "report_accident"
    assert _classified("今天天气不错", "out_of_scope") == "out_of_scope"
