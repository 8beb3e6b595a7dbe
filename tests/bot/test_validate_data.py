"""`make validate` ignores only the warnings it knows to be harmless, and holds the actions' responses to the domain."""

import pytest

from scripts.validate_data import (
    action_sources,
    known_false_positive,
    load_domain,
    response_problems,
    retrieval_responses,
)

DOMAIN = load_domain()


def problems_of(code, domain=DOMAIN):
    """What the response check says about one action module."""
    return response_problems({"actions/example.py": code}, domain, retrieval_responses())


def test_a_response_only_a_custom_action_sends_is_not_reported_as_unused():
    assert known_false_positive("The utterance 'utter_clarify' is not used in any story or rule.")
    assert known_false_positive("The utterance 'utter_ask_accident_time' is not used in any story or rule.")
    assert not known_false_positive("The utterance 'utter_nobody_sends' is not used in any story or rule.")
    assert not known_false_positive("Found intent 'greet' in stories which is not part of the domain.")


def test_every_response_the_actions_send_is_in_the_domain_with_its_placeholders_passed():
    assert response_problems(action_sources(), DOMAIN, retrieval_responses()) == []


@pytest.mark.parametrize(
    "code",
    [
        'dispatcher.utter_message(response="utter_report_filed_typo", claim_number=number)',
        'REPLY = "utter_report_filed_typo"',
    ],
)
def test_a_misspelt_response_is_reported(code):
    assert problems_of(code) == ["actions/example.py:1: utter_report_filed_typo is not a response in domain.yml"]


@pytest.mark.parametrize(
    ("code", "missing"),
    [
        ('dispatcher.utter_message(response="utter_report_filed")', "utter_report_filed needs claim_number"),
        ('dispatcher.utter_message(response="utter_report_filed", tail=tail)', "utter_report_filed needs claim_number"),
        ('response_text("utter_phone_tail")', "utter_phone_tail needs tail"),
        ('Check(None, "utter_reask_number")', "utter_reask_number needs example"),
        ('Check(None, "utter_reask_number", {"sample": "45岁"})', "utter_reask_number needs example"),
        ('("utter_status_news", {"claim_number": number})', "utter_status_news needs news"),
        ('free_text(20, "utter_reask_number")', "utter_reask_number needs example"),
    ],
)
def test_a_placeholder_left_unfilled_is_reported(code, missing):
    assert problems_of(code) == [f"actions/example.py:1: {missing}"]


@pytest.mark.parametrize(
    "code",
    [
        'dispatcher.utter_message(response="utter_report_filed", claim_number=number)',
        'response_text("utter_phone_tail", tail=phone[-4:])',
        'Check(None, "utter_reask_number", {"example": "45岁"})',
        '("utter_status_news", {"claim_number": number, "news": news})',
        # Values the check cannot read are left to the action tests, which render every reply with the domain.
        'dispatcher.utter_message(response="utter_report_filed", **values)',
    ],
)
def test_a_response_with_its_placeholders_passes(code):
    assert problems_of(code) == []


def test_a_form_question_without_its_response_is_reported():
    domain = dict(DOMAIN, actions=[*DOMAIN["actions"], "action_ask_shoe_size"])
    assert problems_of("", domain) == [
        "action_ask_shoe_size asks utter_ask_shoe_size: it must be a response of domain.yml without placeholders"
    ]
