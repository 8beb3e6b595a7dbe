"""Patch: `RemoteAction._validate_action_result` checks action server answers with a schema validator built once.

Replaces Rasa 3.6's check, which re-validates the JSON meta-schema itself on every action call. Profiling a form turn
showed that meta-schema check taking about half of the Rasa server's time per turn (docs/bench.md). The schema and the
error are Rasa's own.
"""

from typing import Any, Dict, Text

from jsonschema import Draft202012Validator, ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

ACTION_RESPONSE_VALIDATOR = Draft202012Validator(RemoteAction.action_response_format_spec())


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """Rasa's own check of an action server answer, with the same schema and the same error."""
    try:
        ACTION_RESPONSE_VALIDATOR.validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def apply() -> None:
    """Check action server answers with the validator built once."""
    RemoteAction._validate_action_result = validate_action_result
