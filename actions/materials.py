"""Materials: ask only what decides the checklist, list it grouped, then say what is still missing."""

from typing import Any, Dict, List, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.claims_api import ClaimsApiClient, ClaimsApiRejected, ClaimsApiUnavailable
from actions.forms import SlotFormValidator, latest_text, questions, yes_no
from actions.replies import response_text
from text_rules.papers import papers_mentioned

# The checklist facts the claimant is asked about, in the order they are asked.
FACT_QUESTIONS = questions(["mat_inpatient", "mat_lost_income", "mat_nursing", "mat_disability", "mat_death"])
FACTS = {
    "mat_inpatient": "inpatient",
    "mat_lost_income": "lost_income",
    "mat_nursing": "nursing",
    "mat_disability": "disability",
    "mat_death": "death",
}
# The facts that add papers, as the checklist's first line names them; with none, the case is outpatient only.
FACT_RESPONSES = {
    "inpatient": "utter_materials_fact_inpatient",
    "lost_income": "utter_materials_fact_lost_income",
    "nursing": "utter_materials_fact_nursing",
    "disability": "utter_materials_fact_disability",
    "death": "utter_materials_fact_death",
}
OUTPATIENT_ONLY = "utter_materials_fact_outpatient_only"


def facts_understood(facts: Dict[str, bool]) -> str:
    """The facts the checklist was chosen by, in words ("住院，有误工")."""
    said = [response_text(FACT_RESPONSES[fact]) for fact, value in facts.items() if value]
    return "，".join(said) or response_text(OUTPATIENT_ONLY)


def group_checklist(items: Sequence[Dict[str, Any]]) -> str:
    """The checklist grouped under its titles, numbered, each with its note."""
    lines: List[str] = []
    title = None
    for number, item in enumerate(items, 1):
        if item["group_title"] != title:
            title = item["group_title"]
            lines.append(f"【{title}】")
        lines.append(f"{number}. {item['name']}：{item['note']}")
    return "\n".join(lines)


class ValidateMaterialsForm(SlotFormValidator):
    """Reads the yes/no answers that choose the checklist."""

    checkers = {slot: yes_no("utter_reask_yes_no") for slot in FACTS}

    def name(self) -> Text:
        """The validation action of materials_form."""
        return "validate_materials_form"


class ActionMaterialsChecklist(Action):
    """Gets the checklist for the case from the claims API and shows it grouped."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_materials_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Show the checklist and ask what the claimant already has."""
        facts = {fact: bool(tracker.get_slot(slot)) for slot, fact in FACTS.items()}
        try:
            items = await ClaimsApiClient().materials_checklist(facts)
        except (ClaimsApiUnavailable, ClaimsApiRejected):
            dispatcher.utter_message(response="utter_required_materials")
            return []
        dispatcher.utter_message(
            response="utter_materials_checklist", facts=facts_understood(facts), checklist=group_checklist(items)
        )
        dispatcher.utter_message(response="utter_which_materials_in_hand")
        checklist = [{"code": item["code"], "name": item["name"]} for item in items]
        return [SlotSet("materials_checklist", checklist), SlotSet("materials_in_hand", [])]


class ActionMaterialsMissing(Action):
    """Hears which papers the claimant has and says which are still missing."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_materials_missing"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        """Add the papers named to those in hand and list the rest."""
        checklist = tracker.get_slot("materials_checklist") or []
        named = papers_mentioned(latest_text(tracker), checklist)
        if not named:
            dispatcher.utter_message(response="utter_materials_not_recognised")
            return []
        in_hand = list(dict.fromkeys((tracker.get_slot("materials_in_hand") or []) + named))
        missing = [item for item in checklist if item["code"] not in in_hand]
        if missing:
            items = "\n".join(f"{number}. {item['name']}" for number, item in enumerate(missing, 1))
            dispatcher.utter_message(response="utter_materials_still_missing", items=items)
        else:
            dispatcher.utter_message(response="utter_materials_all_there")
        return [SlotSet("materials_in_hand", in_hand)]
