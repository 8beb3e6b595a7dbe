"""A clarifying question when the NLU is unsure: the best candidate answers as buttons, and a person."""

from pathlib import Path
from typing import Any, Dict, List, Text

from ruamel.yaml import YAML

from actions.replies import RESPONSES

ANSWER_TITLES: Dict[Text, Text] = YAML(typ="safe").load(
    (Path(__file__).parent / "answer_titles.yml").read_text("utf-8")
)
# Candidates less likely than this are noise, not something the claimant may have meant.
CANDIDATE_FLOOR = 0.08
MOST_CANDIDATES = 3
# The way to a person that every form question offers after two failed answers (domain/conversation.yml).
HUMAN_BUTTON = RESPONSES["utter_stuck_human"][0]["buttons"][0]


def clarifying_buttons(latest_message: Dict[Text, Any]) -> List[Dict[Text, Text]]:
    """Buttons for the best candidate answers of the message (none when nothing is likely enough), then a person."""
    ranking = latest_message.get("answer_ranking") or []
    titles = [
        ANSWER_TITLES[a["name"]] for a in ranking if a["name"] in ANSWER_TITLES and a["confidence"] >= CANDIDATE_FLOOR
    ][:MOST_CANDIDATES]
    if not titles:
        return []
    return [*({"title": title, "payload": title} for title in titles), HUMAN_BUTTON]
