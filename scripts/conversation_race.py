"""The race of one claimant's quick messages over two Rasa replicas, and what the trackers kept of it (docs/scale.md).

Each conversation sends a report's first turns alternately to the replicas without waiting for the answers, many
conversations at once; afterwards every tracker must hold each message once, in order, each followed by the bot's
answer to it, and the form's slots. Used by tests/scale/test_lock_race.py and `make bench-scale`.
"""

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

import httpx

# The turns of a report as the Locust claimants say them (tests/load/locustfile.py), with the question each ends on.
FORM_TURNS = [("我要报案", "事故是什么时候发生的"), ("昨天晚上八点在南京中山路", "驾驶员叫什么名字"),
              ("王强", "车牌号"), ("苏A12345", "事故经过")]
# What the form must have kept once the turns are in.
FORM_SLOTS = {"driver_name": "王强", "plate_number": "苏A12345"}
# Between two messages of one claimant: quick typing, shorter than a turn takes, long enough to fix their order.
STAGGER_SECONDS = 0.1


@dataclass
class RaceFigures:
    """What the trackers kept of the race."""

    conversations: int = 0
    messages_sent: int = 0
    lost: int = 0
    duplicated: int = 0
    failed_requests: int = 0
    broken: List[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Nothing lost, doubled, refused or out of order."""
        return not (self.lost or self.duplicated or self.failed_requests or self.broken)


def tracker_faults(events: Sequence[Dict], turns: Sequence[Tuple[str, str]] = FORM_TURNS) -> Tuple[int, int, str]:
    """Lost and duplicated user messages of a tracker, and what else is wrong with it ('' when nothing)."""
    said = [event.get("text") for event in events if event.get("event") == "user"]
    counts = Counter(said)
    lost = sum(1 for text, _ in turns if counts[text] == 0)
    duplicated = sum(counts[text] - 1 for text, _ in turns if counts[text] > 1)
    if said != [text for text, _ in turns]:
        return lost, duplicated, f"user messages {said}"
    answers: List[str] = []
    for event in events:
        if event.get("event") == "user":
            answers.append("")
        elif event.get("event") == "bot" and answers:
            answers[-1] += event.get("text") or ""
    for (text, question), answer in zip(turns, answers):
        if question not in answer:
            return lost, duplicated, f"{text!r} answered {answer[:40]!r}"
    return lost, duplicated, ""


def slot_faults(slots: Dict[str, object]) -> str:
    """Which form slots did not keep the claimant's answers ('' when all did)."""
    return ", ".join(f"{name}={slots.get(name)!r}" for name, value in FORM_SLOTS.items() if slots.get(name) != value)


async def _race_one(client: httpx.AsyncClient, rasa_urls: Sequence[str], sender: str) -> int:
    """Send one conversation's turns alternately to the replicas, a stagger apart; how many requests failed."""
    async def say(url: str, text: str) -> bool:
        try:
            response = await client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    sends = []
    for turn, (text, _) in enumerate(FORM_TURNS):
        sends.append(asyncio.create_task(say(rasa_urls[turn % len(rasa_urls)], text)))
        await asyncio.sleep(STAGGER_SECONDS)
    return sum(not ok for ok in await asyncio.gather(*sends))


async def race(rasa_urls: Sequence[str], token: str, conversations: int, at_once: int, prefix: str) -> RaceFigures:
    """Race `conversations` conversations, `at_once` at a time, then read each tracker back."""
    figures = RaceFigures(conversations=conversations, messages_sent=conversations * len(FORM_TURNS))
    senders = [f"{prefix}-{n}" for n in range(conversations)]
    slots_free = asyncio.Semaphore(at_once)
    async with httpx.AsyncClient(timeout=120) as client:
        async def one(sender: str) -> int:
            async with slots_free:
                return await _race_one(client, rasa_urls, sender)

        figures.failed_requests = sum(await asyncio.gather(*(one(sender) for sender in senders)))
        for sender in senders:
            tracker = (await client.get(f"{rasa_urls[0]}/conversations/{sender}/tracker",
                                        params={"token": token})).raise_for_status().json()
            lost, duplicated, fault = tracker_faults(tracker["events"])
            fault = fault or slot_faults(tracker["slots"])
            figures.lost += lost
            figures.duplicated += duplicated
            if fault:
                figures.broken.append(f"{sender}: {fault}")
    return figures
