"""Every button the assistant sends reaches Rasa as sent, and is understood as its title says."""

import ast
from pathlib import Path

import pytest

from actions.digressions import never_short_answers
from actions.replies import RESPONSES
from bot.channels.message_guard import check_message
from tests.bot.conftest import answer_of

ROOT = Path(__file__).resolve().parents[2]
# The answer each payload must get; a new payload must be added here, with the answer its title promises.
ANSWERS = {
    "/affirm": "affirm",
    "/deny": "deny",
    "是": "affirm",
    "否": "deny",
    "我要报案": "report_accident",
    "医药费谁先垫付": "ask_advance_payment",
    "要准备哪些材料": "ask_required_materials",
    "能赔哪些钱": "ask_settlement",
    "转人工": "request_human",
    "查进度": "ask_claim_status",
}
# Payloads that answer the form's question in words (the plate or the damage "不清楚"): no question of their own.
FORM_ANSWERS = {"不清楚"}


def domain_buttons():
    """(where, title, payload) of every button of every response in domain/."""
    return [
        (f"domain {name}", button["title"], button["payload"])
        for name, variants in RESPONSES.items()
        for variant in variants
        for button in variant.get("buttons", [])
    ]


def action_buttons():
    """(where, title, payload) of every button written out in actions/*.py."""
    found = []
    for path in sorted((ROOT / "actions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [key.value for key in node.keys if isinstance(key, ast.Constant)]
                values = [value.value if isinstance(value, ast.Constant) else None for value in node.values]
                button = dict(zip(keys, values))
                if {"title", "payload"} <= set(button) and isinstance(button["payload"], str):
                    found.append((f"{path.name}:{node.lineno}", button["title"], button["payload"]))
    return found


BUTTONS = domain_buttons() + action_buttons()


def test_the_buttons_are_found():
    found = {where for where, _, _ in BUTTONS}
    assert {
        "domain utter_accident_next_step",
        "domain utter_offer_report",
        "domain utter_offer_report_now",
    } <= found
    assert ("domain utter_stuck_human", "找人工理赔员", "转人工") in BUTTONS


@pytest.mark.parametrize("where, title, payload", BUTTONS)
def test_every_payload_passes_the_message_guard_unchanged(where, title, payload):
    assert check_message(payload).text == payload


@pytest.mark.parametrize("where, title, payload", BUTTONS)
def test_every_payload_has_the_answer_its_title_promises(where, title, payload):
    assert payload in ANSWERS or payload in FORM_ANSWERS


@pytest.mark.trained_model
@pytest.mark.parametrize("payload, answer", sorted(ANSWERS.items()))
def test_every_payload_is_understood_as_its_title_says(parse, payload, answer):
    assert answer_of(parse(payload)) == answer


@pytest.mark.trained_model
@pytest.mark.parametrize("payload", sorted(FORM_ANSWERS))
def test_a_form_answer_button_is_never_taken_for_a_question(parse, payload):
    assert answer_of(parse(payload)) not in never_short_answers()


YES_NO_TITLES = [(title, ANSWERS[payload]) for _, title, payload in BUTTONS if payload in ("/affirm", "/deny")]


@pytest.mark.trained_model
@pytest.mark.parametrize("title, answer", YES_NO_TITLES)
def test_typing_a_yes_no_button_title_is_read_as_the_button(parse, title, answer):
    assert answer_of(parse(title)) == answer
