"""The agents' co-pilot: read a caller's words, fill the intake sheet, report the claim, speak in handed-over chats."""

from dataclasses import asdict
from datetime import datetime, timezone
from functools import lru_cache
from typing import Annotated, Any, Callable

from fastapi import APIRouter, Depends
from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.clients.rasa import RasaClient, RasaUnavailable
from api.core.db import SessionDep
from api.core.errors import ApiError, error_responses
from api.core.security import CurrentAgent
from api.crud import audit, claims, handoffs, relay
from api.domain import intake
from api.models import Channel, Claim, Handoff
from api.schemas.claims import ClaimCreate, ClaimOut
from api.schemas.common import RecordId
from api.schemas.copilot import (
    AnalyseIn,
    AnalyseOut,
    ConversationOut,
    HandBackIn,
    Intake,
    IntakeClaimIn,
    RelayIn,
)
from api.schemas.handoffs import HandoffOut

router = APIRouter(prefix="/copilot", tags=["copilot"], responses=error_responses(401, 403))

RELAY_ACTION = "action_relay_agent_message"
RESUMED_ACTION = "action_bot_resumed"
RASA_DOWN = "对话机器人暂时连不上，暂时无法识别来电内容或转发消息。请直接填写报案记录，稍后再试。"
# The claim report names the phone differently from the sheet.
SHEET_FIELD_OF_CLAIM = {"reporter_phone": "contact_phone"}


@lru_cache
def rasa_client() -> RasaClient:
    """One Rasa client for the process (httpx clients are safe to share between threads)."""
    return RasaClient()


RasaDep = Annotated[RasaClient, Depends(rasa_client)]


def _ask_rasa(call: Callable[..., Any], *args: Any) -> Any:
    """Call Rasa; when it is down the agent gets a 503 with what to do instead."""
    try:
        return call(*args)
    except RasaUnavailable:
        raise ApiError(503, "rasa_unavailable", RASA_DOWN) from None


def _sheet(data: Intake) -> intake.IntakeSheet:
    return intake.IntakeSheet(**data.model_dump())


def _faq_answer(parse: dict[str, Any]) -> tuple[str | None, str | None]:
    """The FAQ topic and the assistant's own answer when the NLU read the message as an FAQ question."""
    if (parse.get("intent") or {}).get("name") != "faq":
        return None, None
    response = parse.get("response_selector", {}).get("faq", {}).get("response", {})
    answers = response.get("responses") or [{}]
    return response.get("intent_response_key"), (answers[0].get("text") or "").strip() or None


@router.post("/analyse", response_model=AnalyseOut, responses=error_responses(503))
def analyse(request: AnalyseIn, caller: CurrentAgent, rasa: RasaDep) -> dict:
    """Read what the caller said: intent, entities, the sheet filled in, what is missing, replies and rules."""
    parse = _ask_rasa(rasa.parse, request.text)
    intent = parse.get("intent") or {}
    entities = parse.get("entities") or []
    text = parse.get("text") or request.text
    sheet = intake.fill(_sheet(request.intake), text, entities)
    topic, answer = _faq_answer(parse)
    suggestions = [
        {
            "kind": "question" if script.key.startswith("ask_") else "script",
            "text": script.text,
            "source": script.source,
        }
        for script in intake.suggested_scripts(sheet, intent.get("name"))
    ]
    if answer:
        suggestions.append({"kind": "faq", "text": answer, "source": f"对话机器人的常见问题回答（{topic}）"})
    return {
        "text": text,
        "intent": {"name": intent.get("name"), "confidence": intent.get("confidence") or 0.0},
        "faq_topic": topic,
        "entities": [{key: entity.get(key) for key in ("entity", "value", "start", "end")} for entity in entities],
        "intake": asdict(sheet),
        "missing": [{"field": name, "label": intake.FIELD_LABELS[name]} for name in intake.missing(sheet)],
        "suggestions": suggestions,
        "rules": [asdict(rule) for rule in intake.rules_for(intent.get("name"))],
    }


def _invalid_report(error: ValidationError) -> ApiError:
    """A 422 naming the sheet field the claim report refused."""
    problem = error.errors()[0]
    name = str(problem["loc"][0]) if problem["loc"] else ""
    label = intake.FIELD_LABELS.get(SHEET_FIELD_OF_CLAIM.get(name, name), name)
    reason = str(problem.get("ctx", {}).get("error") or "格式不正确")
    return ApiError(422, "intake_invalid", f"{label}{reason}。")


@router.post("/claims", status_code=201, response_model=ClaimOut, responses=error_responses(422))
def report_from_intake(data: IntakeClaimIn, session: SessionDep, caller: CurrentAgent) -> Claim:
    """Create the claim (channel console) from the intake sheet and return it with its 报案号."""
    sheet = _sheet(data.intake)
    lacking = [intake.FIELD_LABELS[name] for name in intake.REQUIRED_FOR_CLAIM if getattr(sheet, name) is None]
    if lacking:
        raise ApiError(422, "intake_incomplete", f"创建报案还缺：{'、'.join(lacking)}。请先问清楚再创建。")
    try:
        report = ClaimCreate(
            **intake.claim_fields(sheet), channel=Channel.console, conversation_id=data.conversation_id
        )
    except ValidationError as error:
        raise _invalid_report(error) from None
    claim = claims.create(session, report, caller.id)
    audit.record(session, caller, "create", "claim", claim.claim_number)
    return claim


def _ticket_in_hand(session: Session, handoff_id: int, agent: str, for_update: bool = False) -> Handoff:
    handoff = handoffs.get(session, handoff_id, for_update=for_update)
    relay.require_in_hand(handoff, agent)
    return handoff


def _conversation_of_ticket_in_hand(session: Session, handoff_id: int, agent: str) -> str:
    """The ticket's conversation, checked and read without holding a database lock while Rasa works."""
    conversation_id = _ticket_in_hand(session, handoff_id, agent).conversation_id
    session.rollback()
    return conversation_id


@router.post("/handoffs/{handoff_id}/messages", response_model=HandoffOut, responses=error_responses(404, 409, 503))
def relay_message(
    handoff_id: RecordId, message: RelayIn, session: SessionDep, caller: CurrentAgent, rasa: RasaDep
) -> Handoff:
    """Send the agent's message to the claimant through the paused conversation (the bot says it as 人工理赔员)."""
    conversation_id = _conversation_of_ticket_in_hand(session, handoff_id, caller.id)
    _ask_rasa(rasa.append_events, conversation_id, [{"event": "slot", "name": "agent_message", "value": message.text}])
    _ask_rasa(rasa.execute_action, conversation_id, RELAY_ACTION)
    handoff = _ticket_in_hand(session, handoff_id, caller.id, for_update=True)
    relay.add_agent_turn(handoff, message.text)
    audit.record(session, caller, "relay", "handoff", handoff_id)
    return handoff


@router.post("/handoffs/{handoff_id}/hand-back", response_model=HandoffOut, responses=error_responses(404, 409, 503))
def hand_back(
    handoff_id: RecordId, closing: HandBackIn, session: SessionDep, caller: CurrentAgent, rasa: RasaDep
) -> Handoff:
    """Give the conversation back to the bot, which tells the claimant and listens again; the ticket closes."""
    conversation_id = _conversation_of_ticket_in_hand(session, handoff_id, caller.id)
    _ask_rasa(rasa.append_events, conversation_id, [{"event": "resume"}])
    _ask_rasa(rasa.execute_action, conversation_id, RESUMED_ACTION)
    handoff = _ticket_in_hand(session, handoff_id, caller.id, for_update=True)
    handoffs.close(handoff, caller.id, closing.note)
    audit.record(session, caller, "hand_back", "handoff", handoff_id)
    return handoff


def _turns(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages of a Rasa tracker; what the relay action says counts as the agent's."""
    turns, last_action = [], None
    for event in events:
        if event.get("event") == "action":
            last_action = event.get("name")
        elif event.get("event") in ("user", "bot") and event.get("text"):
            sender = "user" if event["event"] == "user" else "agent" if last_action == RELAY_ACTION else "bot"
            at = datetime.fromtimestamp(event["timestamp"], timezone.utc) if event.get("timestamp") else None
            turns.append({"sender": sender, "text": event["text"], "at": at})
    return turns


@router.get("/handoffs/{handoff_id}/conversation", response_model=ConversationOut, responses=error_responses(404, 503))
def read_conversation(handoff_id: RecordId, session: SessionDep, caller: CurrentAgent, rasa: RasaDep) -> dict:
    """The ticket's conversation as it stands now, with what the claimant wrote after the handoff."""
    conversation_id = handoffs.get(session, handoff_id).conversation_id
    audit.record(session, caller, "read_conversation", "handoff", handoff_id)
    tracker = _ask_rasa(rasa.tracker, conversation_id)
    return {
        "conversation_id": conversation_id,
        "paused": bool(tracker.get("paused")),
        "turns": _turns(tracker.get("events") or []),
    }
