"""Advance-payment (垫付) requests under a claim."""

from fastapi import APIRouter

from api.core.db import SessionDep
from api.core.errors import error_responses
from api.core.security import CurrentAgent, ServiceOrAgent
from api.crud import advance_payments, audit, claims, followups
from api.models import AdvancePayment, AdvancePaymentStatus
from api.schemas.advance_payments import AdvancePaymentCreate, AdvancePaymentDecision, AdvancePaymentOut
from api.schemas.common import ClaimNumber, RecordId

router = APIRouter(
    prefix="/claims/{claim_number}/advance-payments", tags=["advance payments"], responses=error_responses(401, 404)
)


@router.post("", status_code=201, response_model=AdvancePaymentOut)
def request_advance_payment(
    claim_number: ClaimNumber, data: AdvancePaymentCreate, session: SessionDep, caller: ServiceOrAgent
) -> AdvancePayment:
    """Ask the insurer to advance treatment costs to a hospital; the police advance notice joins the checklist."""
    claim = claims.get(session, claim_number, for_update=True)
    payment = advance_payments.request(claim, data)
    followups.sync_claim(session, claim)
    audit.record(session, caller, "create", "advance_payment", payment.id, {"claim_number": claim_number})
    return payment


@router.get("", response_model=list[AdvancePaymentOut])
def list_advance_payments(
    claim_number: ClaimNumber, session: SessionDep, caller: ServiceOrAgent
) -> list[AdvancePayment]:
    """List a claim's advance-payment requests."""
    claim = claims.get(session, claim_number)
    audit.record(session, caller, "list", "advance_payment", None, {"claim_number": claim_number})
    return claim.advance_payments


@router.patch("/{payment_id}", response_model=AdvancePaymentOut, responses=error_responses(403, 409))
def decide_advance_payment(
    claim_number: ClaimNumber,
    payment_id: RecordId,
    decision: AdvancePaymentDecision,
    session: SessionDep,
    caller: CurrentAgent,
) -> AdvancePayment:
    """Record an agent's decision: under review, approved, rejected, or paid after approval."""
    claim = claims.get(session, claim_number, for_update=True)
    payment = advance_payments.get(claim, payment_id)
    to = AdvancePaymentStatus(decision.status)
    advance_payments.decide(claim, payment, to, caller.id, decision.decision_note)
    audit.record(
        session, caller, "decide", "advance_payment", payment_id, {"claim_number": claim_number, "status": to.value}
    )
    return payment
