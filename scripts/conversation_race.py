"""The race of one claimant's quick messages over two Rasa replicas, and what the trackers kept of it (docs/scale.md).

Each conversation sends a report's first turns alternately to the replicas with no pause, without waiting for the
answers, many conversations at once. Afterwards every tracker must hold each message once, each answered before the
next came in. Unnumbered messages are served in the order they reach the lock, which can differ from the order they
were sent (those conversations are listed apart); numbered ones (bot/channels/send_order.py) must be in send order.
In send order, each answer must be the expected question and the form must hold its slots.
Used by tests/scale/test_lock_race.py and `make bench-scale`.
"""

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

import httpx

# The first turns of a report as a REST claimant says them (tests/e2e/test_report_outbox.py), with the question each
# ends on: enough of them that several wait for the lock at once.
FORM_TURNS = [
    ("我要报案", "事故是什么时候发生的"),
    ("昨天晚上八点在南京中山路", "驾驶员叫什么名字"),
    ("王强", "车牌号"),
    ("苏A12345", "事故经过"),
    ("我在路口直行，被右边的车撞了", "报警了吗"),
    ("/affirm", "有人受伤吗"),
    ("我腿骨折了", "送医院了吗"),
]
# What the form must have kept once the turns are in.
FORM_SLOTS = {"driver_name": "王强", "plate_number": "苏A12345"}


@dataclass
class RaceFigures:
    """What the trackers kept of the race."""

    conversations: int = 0
    messages_sent: int = 0
    lost: int = 0
    duplicated: int = 0
    failed_requests: int = 0
    numbered: bool = False
    # Conversations with a turn not answered on its own, numbered ones out of send order, or (in send order) a wrong
    # answer or a lost slot.
    broken: List[str] = field(default_factory=list)
    # Unnumbered conversations whose messages reached the lock in another order than sent (see docs/scale.md).
    reordered: List[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Nothing lost, doubled, refused or mixed up."""
        return not (self.lost or self.duplicated or self.failed_requests or self.broken)


def turns_of(events: Sequence[Dict]) -> List[Tuple[str, List[Dict]]]:
    """Each user message of a tracker with the events that follow it up to the next one."""
    turns: List[Tuple[str, List[Dict]]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append((event.get("text"), []))
        elif turns:
            turns[-1][1].append(event)
    return turns


def answered_alone(following: Sequence[Dict]) -> bool:
    """Whether a turn's events hold the bot's answer and end listening, before the next message came in."""
    actions = [event.get("name") for event in following if event.get("event") == "action"]
    return any(event.get("event") == "bot" for event in following) and actions[-1:] == ["action_listen"]


def tracker_faults(tracker: Dict) -> Tuple[int, int, str, bool]:
    """Lost and duplicated messages of a tracker, what else is wrong ('' when nothing), and whether it is reordered."""
    turns = turns_of(tracker["events"])
    said = [text for text, _ in turns]
    sent = Counter(text for text, _ in FORM_TURNS)
    lost, duplicated = sum((sent - Counter(said)).values()), sum((Counter(said) - sent).values())
    unanswered = [text for text, following in turns if not answered_alone(following)]
    if unanswered:
        return lost, duplicated, f"not answered alone: {unanswered} of {said}", False
    if lost or duplicated:
        return lost, duplicated, f"user messages {said}", False
    if said != [text for text, _ in FORM_TURNS]:
        return lost, duplicated, "", True
    for (text, question), (_, following) in zip(FORM_TURNS, turns):
        answer = "".join(event.get("text") or "" for event in following if event.get("event") == "bot")
        if question not in answer:
            return lost, duplicated, f"{text!r} answered {answer[:40]!r}", False
    wrong_slots = [
        f"{name}={tracker['slots'].get(name)!r}"
        for name, value in FORM_SLOTS.items()
        if tracker["slots"].get(name) != value
    ]
    return lost, duplicated, f"slots {', '.join(wrong_slots)}" if wrong_slots else "", False


async def _race_one(client: httpx.AsyncClient, rasa_urls: Sequence[str], sender: str, numbered: bool) -> int:
    """Send one conversation's turns alternately to the replicas with no pause; how many requests failed."""

    async def say(url: str, text: str, number: int) -> bool:
        body = {"sender": sender, "message": text}
        if numbered:
            body["metadata"] = {"message_number": number}
        try:
            return (await client.post(f"{url}/webhooks/rest/webhook", json=body)).status_code == 200
        except httpx.HTTPError:
            return False

    sends = [
        asyncio.create_task(say(rasa_urls[number % len(rasa_urls)], text, number))
        for number, (text, _) in enumerate(FORM_TURNS, start=1)
    ]
    return sum(not ok for ok in await asyncio.gather(*sends))


async def race(
    rasa_urls: Sequence[str], token: str, conversations: int, at_once: int, prefix: str, numbered: bool = False
) -> RaceFigures:
    """Race `conversations` conversations, `at_once` at a time, their messages numbered or not; read the trackers."""
    figures = RaceFigures(conversations=conversations, messages_sent=conversations * len(FORM_TURNS), numbered=numbered)
    senders = [f"{prefix}-{n}" for n in range(conversations)]
    slots_free = asyncio.Semaphore(at_once)
    async with httpx.AsyncClient(timeout=120) as client:
        # One report on each replica first, one turn at a time: its first form turns are slow (connections to open,
        # code paths run once), and the race would measure that cold start instead of the lock.
        for n, url in enumerate(rasa_urls):
            for text, _ in FORM_TURNS:
                await client.post(
                    f"{url}/webhooks/rest/webhook", json={"sender": f"{prefix}-warm-up-{n}", "message": text}
                )

        async def one(sender: str) -> int:
            async with slots_free:
                return await _race_one(client, rasa_urls, sender, numbered)

        figures.failed_requests = sum(await asyncio.gather(*(one(sender) for sender in senders)))
        for sender in senders:
            tracker = (
                (await client.get(f"{rasa_urls[0]}/conversations/{sender}/tracker", params={"token": token}))
                .raise_for_status()
                .json()
            )
            lost, duplicated, fault, reordered = tracker_faults(tracker)
            figures.lost += lost
            figures.duplicated += duplicated
            said = [text for text, _ in turns_of(tracker["events"])]
            if fault:
                figures.broken.append(f"{sender}: {fault}")
            elif reordered and numbered:
                figures.broken.append(f"{sender}: out of send order: {said}")
            elif reordered:
                figures.reordered.append(f"{sender}: {said}")
    return figures
