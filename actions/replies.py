"""The texts of the domain's responses (domain/*.yml), for a message made of several of them: Rasa fills in whole
responses only."""

from pathlib import Path
from typing import Any, Dict, List

from ruamel.yaml import YAML

# One file per capability; domain.yml beside it holds the intents, slots and forms (bot/domain_importer.py).
RESPONSE_FILES = Path(__file__).parent.parent / "domain"


def load_responses() -> Dict[str, List[Dict[str, Any]]]:
    """Every response of every capability's file, by name."""
    reader = YAML(typ="safe")
    return {
        name: variants
        for path in sorted(RESPONSE_FILES.glob("*.yml"))
        for name, variants in reader.load(path.read_text("utf-8"))["responses"].items()
    }


# Read from the files rather than from the domain of the call: Rasa sends that only to the forms' validate_* actions
# (bot/endpoints.yml, enable_selective_domain).
RESPONSES = load_responses()


def response_text(name: str, **values: Any) -> str:
    """A response's text with its {placeholders} filled as Rasa fills them, for a part of a larger message."""
    return RESPONSES[name][0]["text"].format(**values)
