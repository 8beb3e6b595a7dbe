"""`make validate` ignores only the warnings it knows to be harmless."""

from scripts.validate_data import known_false_positive


def test_a_response_only_a_custom_action_sends_is_not_reported_as_unused():
    assert known_false_positive("The utterance 'utter_clarify' is not used in any story or rule.")
    assert not known_false_positive("The utterance 'utter_nobody_sends' is not used in any story or rule.")
    assert not known_false_positive("Found intent 'greet' in stories which is not part of the domain.")
