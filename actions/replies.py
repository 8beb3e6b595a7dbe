"""The texts of domain.yml's responses, for a message made of several of them: Rasa fills in whole responses only."""

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

# Read from the file rather than from the domain of the call: Rasa sends that only to the forms' validate_* actions
# (bot/endpoints.yml, enable_selective_domain).
RESPONSES = YAML(typ="safe").load((Path(__file__).parent.parent / "domain.yml").read_text("utf-8"))["responses"]


def response_text(name: str, **values: Any) -> str:
    """A response's text with its {placeholders} filled as Rasa fills them, for a part of a larger message."""
    return RESPONSES[name][0]["text"].format(**values)
