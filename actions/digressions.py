"""What a form does with a message that is not an answer: the one table `make validate` holds the rules and the domain to.

data/rules/digressions.yml has, for every form, one rule per question (its answer, then the form asks again) and one
per exit; domain.yml's `&digressions` list keeps all of them, and the nudges, out of the short free-text slots; its `&controls`
keeps the exits and the nudges out of the long ones, which take a description whatever the classifier says.
scripts/validate_data.py fails when either differs from this table.
"""

# Asked inside a form: the answer, then the form asks its question again.
ANSWERS = {
    "faq": "utter_faq",
    "emergency": "utter_emergency",
    "ask_report_deadline": "utter_report_deadline_rule",
    "ask_advance_payment": "utter_advance_payment",
    "ask_required_materials": "utter_required_materials",
    "ask_settlement": "utter_settlement_overview",
    "ask_liability": "utter_liability",
    "ask_dispute": "utter_dispute",
    "ask_claim_status": "utter_status_after_form",
    "bot_challenge": "utter_iamabot",
    "ask_capabilities": "utter_capabilities",
    "out_of_scope": "utter_out_of_scope",
    "nlu_fallback": "utter_default",
}
# A form is not a digression from itself.
OWN_QUESTION = {"status_form": "ask_claim_status"}
# Said inside a form, these end it: the claimant stops, or a person takes over.
EXITS = ("cancel", "request_human", "express_anger")
# Never the answer to a free-text question, though no rule answers them inside a form.
NOT_ANSWERS = ("stop_reminders", "EXTERNAL_followup")
FORMS = ("report_form", "status_form", "advance_form", "materials_form", "settlement_form")
# The answers the form's own check gives when a question reads like one (a description often reads like an FAQ to
# the classifier): the FAQ selector's answer, and the emergency and fallback rules, are not for it to give.
CHECK_ANSWERS = {
    intent: response for intent, response in ANSWERS.items() if intent not in ("faq", "emergency", "nlu_fallback")
}


def answered_inside(form: str) -> dict:
    """The questions a form answers before asking again, with their responses."""
    return {intent: response for intent, response in ANSWERS.items() if OWN_QUESTION.get(form) != intent}


def never_short_answers() -> set:
    """Intents whose message never fills a short free-text slot (domain.yml's `&digressions`)."""
    return (set(ANSWERS) - {"nlu_fallback"}) | never_long_answers()


def never_long_answers() -> set:
    """Intents whose message never fills a long free-text slot (domain.yml's `&controls`)."""
    return set(EXITS) | set(NOT_ANSWERS)
