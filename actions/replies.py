"""Messages made of several domain responses, from the domain Rasa sends with every call to the action server."""

from typing import Any, Dict


def response_text(domain: Dict[str, Any], name: str, **values: Any) -> str:
    """A response's text with its {placeholders} filled as Rasa fills them, for a part of a larger message."""
    return domain["responses"][name][0]["text"].format(**values)
