"""Patch: `RemoteAction.run` gives a kind reply instead of silence when the action server cannot run a custom action.

Rasa 3.6 logs a failed custom action and drops its events, so the claimant got no reply at all. Wrapped, every custom
action (and every form check and question) answers with one apology a turn; a failed form check also undoes the
unchecked answer so the form asks again (docs/faults.md). A failed custom session start (actions/session.py) starts the
session as Rasa's own action does, without its welcome back: without it no rule would match the claimant's message.
Costs nothing on a turn whose action succeeds.
"""

import logging
from typing import Any, List

from rasa.core.actions.action import ActionExecutionRejection, ActionSessionStart, RemoteAction
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import BotUttered, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)
RASA_RUN = RemoteAction.run

ACTION_SERVER_DOWN_TEXT = (
    "抱歉，系统这会儿出了点问题，刚才这一步没能完成。您告诉我的内容都还在，请过一两分钟再发一次；"
    "情况紧急的话，可以直接拨打保险公司的客服电话。"
)


def slot_candidates(tracker: DialogueStateTracker) -> List[str]:
    """The slots a form hands its validation action: the slot events at the end of the tracker."""
    names = []
    for event in reversed(tracker.events):
        if not isinstance(event, SlotSet):
            break
        names.insert(0, event.key)
    return names


def latest_message_index(tracker: DialogueStateTracker) -> int:
    """Where the claimant's latest message stands among the tracker's events."""
    events = list(tracker.events)
    return max((index for index, event in enumerate(events) if event is tracker.latest_message), default=len(events))


def values_before_latest_message(tracker: DialogueStateTracker, names: List[str]) -> List[SlotSet]:
    """Events that give the slots back the values they had before the claimant's latest message."""
    earlier_events = list(tracker.events)[: latest_message_index(tracker)]
    before = DialogueStateTracker.from_events(tracker.sender_id, earlier_events, slots=tracker.slots.values())
    return [SlotSet(name, before.get_slot(name)) for name in names]


def already_apologised(tracker: DialogueStateTracker) -> bool:
    """Whether this turn already told the claimant about the failure (a form's question after its failed check)."""
    return any(
        isinstance(event, BotUttered) and event.text == ACTION_SERVER_DOWN_TEXT
        for event in list(tracker.events)[latest_message_index(tracker) :]
    )


def failure_events(action_name: str, tracker: DialogueStateTracker) -> List[Event]:
    """The apology, once a turn; a failed form check also undoes the unchecked answer so the form asks again."""
    events: List[Event] = [] if already_apologised(tracker) else [BotUttered(ACTION_SERVER_DOWN_TEXT)]
    if action_name.startswith("validate_"):
        events += values_before_latest_message(tracker, slot_candidates(tracker))
    return events


async def run_or_apologise(
    self: RemoteAction, output_channel: Any, nlg: Any, tracker: DialogueStateTracker, domain: Any
) -> List[Event]:
    """Rasa's run of a custom action; when the action server fails, the failure events instead of none."""
    try:
        return await RASA_RUN(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except RasaException:
        logger.exception("Custom action '%s' failed; the claimant is asked to try again.", self.name())
        if self.name() == ACTION_SESSION_START_NAME:
            return await ActionSessionStart().run(output_channel, nlg, tracker, domain)
        return failure_events(self.name(), tracker)


def apply() -> None:
    """Make every custom action fail kindly."""
    RemoteAction.run = run_or_apologise
