"""The Rasa server checks action server answers against Rasa's schema, with a validator built once."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_patches.action_result_check import validate_action_result


def test_the_patches_install_the_check():
    assert RemoteAction._validate_action_result is validate_action_result


def test_a_well_formed_answer_passes():
    answer = {"events": [{"event": "slot", "name": "phone", "value": "13812345678"}], "responses": [{"text": "好的"}]}
    assert RemoteAction("action_submit_report", None)._validate_action_result(answer) is True


def test_a_malformed_answer_is_refused_with_rasas_explanation():
    with pytest.raises(ValidationError) as refused:
        RemoteAction("action_submit_report", None)._validate_action_result({"events": "slot phone"})
    assert refused.value.message.startswith("'slot phone' is not of type 'array'. Failed to validate Action server")
