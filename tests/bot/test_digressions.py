"""`make validate` holds the digression rules and the slot mappings to the one table in actions/digressions.py."""

import copy

import pytest
import yaml

from scripts.validate_data import digression_problems
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def data():
    rules = yaml.safe_load((ROOT / "data/rules/digressions.yml").read_text(encoding="utf-8"))["rules"]
    return rules, yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_rules_and_the_domain_agree_with_the_table(data):
    assert digression_problems(*data) == []


def test_a_missing_rule_a_wrong_answer_and_a_rule_the_table_lacks_are_reported(data):
    rules, domain = copy.deepcopy(data)
    by_name = {rule["rule"]: rule for rule in rules}
    rules.remove(by_name["faq inside report_form"])
    by_name["ask_liability inside status_form"]["steps"][1]["action"] = "utter_dispute"
    rules.append(
        {
            "rule": "greet inside advance_form",
            "condition": [{"active_loop": "advance_form"}],
            "steps": [{"intent": "greet"}, {"action": "utter_greet"}, {"action": "advance_form"}],
        }
    )
    assert digression_problems(rules, domain) == [
        "report_form: faq must be answered with utter_faq, then report_form asks again",
        "status_form: ask_liability must be answered with utter_liability, then status_form asks again",
        "advance_form: the rule for greet is not in actions/digressions.py",
    ]


def test_a_slot_that_would_take_a_question_as_its_answer_is_reported(data):
    rules, domain = copy.deepcopy(data)
    mapping = next(m for m in domain["slots"]["accident_place"]["mappings"] if m["type"] == "from_text")
    mapping["not_intent"] = [intent for intent in mapping["not_intent"] if intent != "ask_dispute"]
    assert digression_problems(rules, domain) == [
        "slot accident_place: its from_text mapping must leave out the intents of &digressions or &controls "
        "(actions/digressions.py)"
    ]
