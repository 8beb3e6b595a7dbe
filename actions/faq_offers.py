"""A yes to the offer an FAQ answer ends with ("需要的话，我可以帮您列一份材料清单。") is followed through, never left unanswered."""

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from ruamel.yaml import YAML

from actions.forms import faq_of
from actions.settlement import COMPUTED_FAQS

FAQ_RESPONSES = YAML(typ="safe").load((Path(__file__).parent.parent / "data/nlu/faq_responses.yml").read_text("utf-8"))[
    "responses"
]
# What the offer promises, read from the answer's own last sentence: a checklist, or an amount to work out.
OFFER = re.compile(r"需要的话，[^。]*。")
OFFERS_PAPERS = re.compile(r"材料|清单")
OFFERS_AMOUNT = re.compile(r"估算|公式|算一算|怎么算")


def offer_of(faq: Optional[str]) -> Optional[str]:
    """The offer the FAQ's answer ends with, or None when it makes none."""
    responses = FAQ_RESPONSES.get(f"utter_{faq}") if faq else None
    found = OFFER.search(responses[0]["text"]) if responses else None
    return found.group(0) if found else None


def answered_faq(tracker: Tracker) -> Optional[str]:
    """The FAQ the claimant's message before the latest one was answered with."""
    users = [event for event in tracker.events if event.get("event") == "user"]
    if len(users) < 2:
        return None
    return faq_of(users[-2].get("parse_data", {}))


class ActionFollowFaqOffer(Action):
    """After "好的" to an FAQ's offer: the estimate, the materials checklist, or a person for what only a person can do."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_follow_faq_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Start the journey that does what the offer promised."""
        faq = answered_faq(tracker)
        offer = offer_of(faq)
        if offer is None:
            dispatcher.utter_message(response="utter_anything_else")
            return []
        if faq in COMPUTED_FAQS or OFFERS_AMOUNT.search(offer):
            death = [SlotSet("mat_death", True)] if COMPUTED_FAQS.get(faq) else []
            return [*death, FollowupAction("settlement_form")]
        if OFFERS_PAPERS.search(offer):
            dispatcher.utter_message(response="utter_materials_intro")
            return [FollowupAction("materials_form")]
        dispatcher.utter_message(response="utter_faq_offer_to_person")
        return [FollowupAction("action_handoff")]
