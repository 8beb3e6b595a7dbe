"""A custom action the action server cannot run gets a kind reply; a form whose check fails asks its question again."""

import asyncio
from typing import Any, Dict, List, Optional

import pytest
from aiohttp import web
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.actions.forms import FormAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.domain_importer import CapabilityDomainImporter
from bot.http_sessions import close_kept_sessions
from bot.rasa_patches.action_server_failures import ACTION_SERVER_DOWN_TEXT
from tests.conftest import ROOT, free_port

DOMAIN = CapabilityDomainImporter(domain_path=str(ROOT / "domain.yml")).get_domain()
TIME_QUESTION = "事故是什么时候发生的？"
PLACE_QUESTION = "事故发生在哪里？"


def run_with_action_server(answers: Optional[Dict[str, Any]], action: Any, tracker: DialogueStateTracker) -> List:
    """Run `action` against a real HTTP action server that answers each action by name: a status code or a JSON body.

    Without answers no server listens at all (the action server is down).
    """

    async def webhook(request: web.Request) -> web.Response:
        answer = answers[(await request.json())["next_action"]]
        if isinstance(answer, int):
            return web.json_response({"action_name": "x", "error": "rejected"}, status=answer)
        return web.json_response(answer)

    async def scenario() -> List:
        port = free_port()
        action.action_endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        runner = None
        if answers is not None:
            app = web.Application()
            app.router.add_post("/webhook", webhook)
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            return await action.run(
                CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(DOMAIN.responses), tracker, DOMAIN
            )
        finally:
            await close_kept_sessions()
            if runner:
                await runner.cleanup()

    return asyncio.run(scenario())


def conversation(*events: Event) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("claimant", list(events), slots=DOMAIN.slots)


def status_question() -> DialogueStateTracker:
    return conversation(ActionExecuted("action_listen"), UserUttered("查一下理赔进度", {"name": "ask_claim_status"}))


def report_form_answer(answer: str, **extracted: str) -> DialogueStateTracker:
    """The report form waits for the accident time; the claimant answers and Rasa has extracted the slots."""
    return conversation(
        ActionExecuted("action_listen"),
        UserUttered("我要报案", {"name": "report_accident"}),
        ActionExecuted("report_form"),
        ActiveLoop("report_form"),
        SlotSet("requested_slot", "accident_time"),
        BotUttered(TIME_QUESTION),
        ActionExecuted("action_listen"),
        UserUttered(answer, {"name": "inform"}),
        *[SlotSet(name, value) for name, value in extracted.items()],
    )


def normalised(events: List[Event]) -> List[tuple]:
    """Events as what a claimant and the tracker see of them, without timestamps."""
    return [
        ("bot", event.text) if isinstance(event, BotUttered) else ("slot", event.key, event.value) for event in events
    ]


@pytest.mark.parametrize("answers", [None, {"action_ask_claim_number": 500}], ids=["refused", "error 500"])
def test_a_custom_action_that_cannot_run_answers_kindly(answers):
    events = run_with_action_server(answers, RemoteAction("action_ask_claim_number", None), status_question())
    assert normalised(events) == [("bot", ACTION_SERVER_DOWN_TEXT)]


def test_a_session_start_that_cannot_run_starts_the_session_as_rasa_does():
    events = run_with_action_server(None, RemoteAction("action_session_start", None), conversation())
    assert [(type(event).__name__, getattr(event, "action_name", None)) for event in events] == [
        ("SessionStarted", None),
        ("ActionExecuted", "action_listen"),
    ]


def test_a_rejection_by_the_action_server_still_reaches_rasa():
    with pytest.raises(ActionExecutionRejection):
        run_with_action_server(
            {"action_ask_claim_number": 400}, RemoteAction("action_ask_claim_number", None), status_question()
        )


def test_a_working_action_server_is_untouched():
    answers = {"action_ask_claim_number": {"events": [], "responses": [{"text": "请告诉我报案号。"}]}}
    events = run_with_action_server(answers, RemoteAction("action_ask_claim_number", None), status_question())
    assert normalised(events) == [("bot", "请告诉我报案号。")]


def test_a_form_whose_check_fails_keeps_no_unchecked_answer_and_asks_again():
    answers = {
        "validate_report_form": 500,
        "action_ask_accident_time": {"events": [], "responses": [{"text": TIME_QUESTION}]},
    }
    tracker = report_form_answer("昨天晚上八点在南京中山路", accident_time="昨天晚上八点", accident_place="南京中山路")
    events = run_with_action_server(answers, FormAction("report_form", None), tracker)
    assert normalised(events) == [
        ("bot", ACTION_SERVER_DOWN_TEXT),
        ("slot", "accident_time", None),
        ("slot", "accident_place", None),
        ("slot", "requested_slot", "accident_time"),
        ("bot", TIME_QUESTION),
    ]


def test_a_form_keeps_the_answers_it_had_before_the_failed_check():
    tracker = report_form_answer("在南京中山路")
    for event in [
        SlotSet("accident_place", "南京鼓楼"),
        ActionExecuted("action_listen"),
        UserUttered("在南京中山路", {"name": "inform"}),
        SlotSet("accident_place", "南京中山路"),
    ]:
        tracker.update(event)
    events = run_with_action_server(
        {"validate_report_form": 502, "action_ask_accident_time": 500}, FormAction("report_form", None), tracker
    )
    assert normalised(events) == [
        ("bot", ACTION_SERVER_DOWN_TEXT),
        ("slot", "accident_place", "南京鼓楼"),
        ("slot", "requested_slot", "accident_time"),
    ]


def test_a_form_with_the_action_server_down_apologises_once():
    tracker = report_form_answer("昨天晚上八点", accident_time="昨天晚上八点")
    events = run_with_action_server(None, FormAction("report_form", None), tracker)
    assert normalised(events) == [
        ("bot", ACTION_SERVER_DOWN_TEXT),
        ("slot", "accident_time", None),
        ("slot", "requested_slot", "accident_time"),
    ]
