"""Advance-payment (垫付) requests under a claim."""

from api.core.errors import ApiError
from api.crud.claim_materials import sync_checklist
from api.models import AdvancePayment, AdvancePaymentStatus, Claim, utcnow
from api.schemas.advance_payments import AdvancePaymentCreate

DECISIONS = {
    AdvancePaymentStatus.submitted: {
        AdvancePaymentStatus.under_review,
        AdvancePaymentStatus.approved,
        AdvancePaymentStatus.rejected,
    },
    AdvancePaymentStatus.under_review: {AdvancePaymentStatus.approved, AdvancePaymentStatus.rejected},
    AdvancePaymentStatus.approved: {AdvancePaymentStatus.paid},
    AdvancePaymentStatus.rejected: set(),
    AdvancePaymentStatus.paid: set(),
}
STATUS_LABELS = {
    AdvancePaymentStatus.submitted: "已提交",
    AdvancePaymentStatus.under_review: "审核中",
    AdvancePaymentStatus.approved: "已批准",
    AdvancePaymentStatus.rejected: "未批准",
    AdvancePaymentStatus.paid: "已支付",
}


def get(claim: Claim, payment_id: int) -> AdvancePayment:
    """The claim's advance-payment request with this id, or a 404."""
    payment = next((payment for payment in claim.advance_payments if payment.id == payment_id), None)
    if payment is None:
        raise ApiError(404, "advance_payment_not_found", "这个案件下没有找到这笔垫付申请。")
    return payment


def request(claim: Claim, data: AdvancePaymentCreate) -> AdvancePayment:
    """Record a request; the checklist gains the police advance notice."""
    if data.injured_party_id is not None and all(party.id != data.injured_party_id for party in claim.injured_parties):
        raise ApiError(422, "invalid_injured_party_id", "「injured_party_id」不是这个案件的伤者。")
    payment = AdvancePayment(**data.model_dump())
    claim.advance_payments.append(payment)
    claim.updated_at = utcnow()
    sync_checklist(claim)
    return payment


def decide(claim: Claim, payment: AdvancePayment, to: AdvancePaymentStatus, by: str, note: str | None) -> None:
    """Move a request along, or refuse with a 409 if that step is not allowed."""
    if to not in DECISIONS[payment.status]:
        raise ApiError(
            409,
            "invalid_transition",
            f"这笔垫付申请当前是「{STATUS_LABELS[payment.status]}」，不能改为「{STATUS_LABELS[to]}」。",
        )
    payment.status = to
    payment.decided_by = by
    payment.decision_note = note
    payment.decided_at = utcnow()
    claim.updated_at = utcnow()
