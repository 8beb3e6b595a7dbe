"""The events that still apply, asked for again, are Rasa's own, worked out anew after every new event."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_patches.applied_events_cache import RASA_APPLIED_EVENTS, applied_events

DOMAIN = Domain.from_yaml("intents: [greet, inform]\nresponses:\n  utter_greet:\n  - text: 你好\n")


def _tracker() -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(
        "claimant",
        [
            ActionExecuted("action_listen"),
            UserUttered("你好", {"name": "greet"}),
            ActionExecuted("utter_greet"),
            ActionExecuted("action_listen"),
            UserUttered("我要报案", {"name": "report"}),
        ],
        DOMAIN.slots,
    )
    for event in (
        ActionExecuted("report_form"),
        ActiveLoop("report_form"),
        ActionExecuted("action_listen"),
        UserUttered("王强", {"name": "inform"}),
        ActionExecuted("report_form"),
    ):
        tracker.update(event)
    return tracker


def test_earlier_runs_of_a_loop_are_left_out_as_rasa_leaves_them_out():
    tracker = _tracker()
    assert applied_events(tracker) == RASA_APPLIED_EVENTS(tracker)
    assert applied_events(tracker) == RASA_APPLIED_EVENTS(tracker)
    assert len(applied_events(tracker)) < len(tracker.events)


def test_changing_the_list_given_out_does_not_change_the_next_answer():
    tracker = _tracker()
    applied_events(tracker).clear()
    assert applied_events(tracker) == RASA_APPLIED_EVENTS(tracker)


def test_a_new_event_is_taken_into_account():
    tracker = _tracker()
    before = applied_events(tracker)
    tracker.update(ActionExecuted("action_listen"))
    assert applied_events(tracker) == before + [ActionExecuted("action_listen")]
    assert applied_events(tracker) == RASA_APPLIED_EVENTS(tracker)
