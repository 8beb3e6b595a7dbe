"""Numbered messages are answered in the order they were sent, whatever order they arrive in."""

import asyncio
import threading
import time

import pytest
import requests

from bot.channels.expiring_store import MemoryStore
from bot.channels.send_order import SendOrder, message_number


@pytest.mark.parametrize(
    ("metadata", "number"),
    [
        ({"message_number": 3}, 3),
        ({"message_number": 0}, None),
        ({"message_number": "3"}, None),
        ({"message_number": True}, None),
        ({"other": 1}, None),
        (None, None),
    ],
)
def test_only_a_whole_number_from_1_numbers_a_message(metadata, number):
    assert message_number(metadata) == number


async def enter_in_turn(order: SendOrder, arrivals, entered) -> None:
    """Let each (delay, number) message arrive after its delay and record the order in which they get their turn."""

    async def arrive(delay: float, number) -> None:
        await asyncio.sleep(delay)
        async with order.turn("claimant-1", number):
            entered.append(number)
            await asyncio.sleep(0.05)

    await asyncio.gather(*(arrive(delay, number) for delay, number in arrivals))


def test_messages_arriving_in_reverse_get_their_turns_in_send_order_and_unnumbered_ones_at_once():
    entered = []

    asyncio.run(enter_in_turn(SendOrder(MemoryStore()), [(0.0, 3), (0.05, 2), (0.1, None), (0.15, 1)], entered))

    assert entered == [None, 1, 2, 3]


def test_a_message_whose_predecessor_never_comes_goes_ahead_after_the_wait():
    entered = []
    started = time.monotonic()

    asyncio.run(enter_in_turn(SendOrder(MemoryStore(), wait_seconds=0.3), [(0.0, 3), (0.0, 1)], entered))

    assert entered == [1, 3]
    assert time.monotonic() - started >= 0.3


def test_the_rest_channel_hands_numbered_messages_to_rasa_in_send_order(rest_server, agent):
    def post(number: int, text: str) -> None:
        body = {"sender": "rest-order", "message": text, "metadata": {"message_number": number}}
        requests.post(rest_server, json=body, timeout=30).raise_for_status()

    senders = []
    for number, text in [(3, "苏A12345"), (2, "王强"), (1, "我要报案")]:
        senders.append(threading.Thread(target=post, args=(number, text)))
        senders[-1].start()
        time.sleep(0.2)
    for sender in senders:
        sender.join()

    assert [(message.text, message.metadata) for message in agent.received] == [
        ("我要报案", {"message_number": 1}),
        ("王强", {"message_number": 2}),
        ("苏A12345", {"message_number": 3}),
    ]
