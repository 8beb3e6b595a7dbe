"""Patch: `DialogueStateTracker.applied_events` worked out once for each state of the tracker, not once per policy.

The memoization policy and the rule policy (twice right after a message) each replay the conversation from the events
that still apply; working those out again for every replay took a tenth of the Rasa server's time per turn, half of it
after this change (docs/bench.md). The answer is Rasa's own, as a new list each time.
"""

from typing import List

from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

RASA_APPLIED_EVENTS = DialogueStateTracker.applied_events
REMEMBERED = "_applied_events_of"


def applied_events(self: DialogueStateTracker) -> List[Event]:
    """Rasa's events that still apply (undone ones and earlier runs of a loop left out), as a new list each time.

    Events are only ever appended, so their number and the newest one identify the tracker's state.
    """
    key = (len(self.events), id(self.events[-1]) if self.events else None)
    known = self.__dict__.get(REMEMBERED)
    if known is None or known[0] != key:
        known = (key, RASA_APPLIED_EVENTS(self))
        self.__dict__[REMEMBERED] = known
    return list(known[1])


def apply() -> None:
    """Let the policies share the work of a prediction."""
    DialogueStateTracker.applied_events = applied_events
