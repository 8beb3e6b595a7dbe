"""The agent's side of a handed-over conversation: who may speak in it, and the record of what the agent said."""

from api.core.errors import ApiError
from api.models import Handoff, HandoffStatus, utcnow


def require_in_hand(handoff: Handoff, agent: str) -> None:
    """Let only the agent who took the ticket speak in the conversation or hand it back."""
    if handoff.status == HandoffStatus.closed:
        raise ApiError(409, "handoff_closed", "这张工单已经关闭了。")
    if handoff.status == HandoffStatus.open:
        raise ApiError(409, "handoff_not_taken", "请先接手这张工单，再回复客户。")
    if handoff.agent != agent:
        raise ApiError(409, "handoff_taken", f"这张工单已经由坐席 {handoff.agent} 接手了。")


def add_agent_turn(handoff: Handoff, text: str) -> None:
    """Keep the agent's message in the ticket's transcript."""
    # A new list, so that SQLAlchemy sees the JSON column change.
    handoff.transcript = [*handoff.transcript, {"sender": "agent", "text": text, "at": utcnow().isoformat()}]
