"""Claims: reporting, reading, correcting, status moves, and the claimant's own view."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.core.db import SessionDep
from api.core.errors import error_responses
from api.core.security import CLAIMANT, CurrentAgent, ServiceOrAgent
from api.crud import audit, claim_materials, claims, followups
from api.domain.claim_status import NEXT_STEPS, STATUS_LABELS
from api.models import Channel, Claim, ClaimStatus
from api.schemas.claims import (
    ClaimantView,
    ClaimCreate,
    ClaimList,
    ClaimOut,
    ClaimUpdate,
    Phone,
    StatusChangeIn,
    VerifyIn,
)
from api.schemas.common import ClaimNumber, Limit, Moment, Offset, Text

router = APIRouter(prefix="/claims", tags=["claims"])


@router.post(
    "",
    status_code=201,
    response_model=ClaimOut,
    responses={
        200: {"model": ClaimOut, "description": "这份报案（同一个 report_id）已经记录过，返回原来的案件。"},
        **error_responses(401),
    },
)
def report_claim(report: ClaimCreate, session: SessionDep, caller: ServiceOrAgent, response: Response) -> Claim:
    """Record an accident report with its injured parties and checklist; a known report_id returns its claim (200)."""
    claim, created = claims.record_report(session, report, caller.id)
    if not created:
        response.status_code = 200
        audit.record(session, caller, "read", "claim", claim.claim_number)
        return claim
    followups.sync_claim(session, claim)
    audit.record(session, caller, "create", "claim", claim.claim_number)
    return claim


@router.get("", response_model=ClaimList, responses=error_responses(401, 403))
def list_claims(
    session: SessionDep,
    caller: CurrentAgent,
    status: ClaimStatus | None = None,
    channel: Channel | None = None,
    plate_number: Annotated[Text(20) | None, Query()] = None,
    reporter_phone: Annotated[Phone | None, Query()] = None,
    created_from: Annotated[Moment | None, Query()] = None,
    created_to: Annotated[Moment | None, Query()] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict:
    """List claims for agents, newest first, filtered by status, channel, plate, phone or report time."""
    items, total = claims.search(
        session, status, channel, plate_number, reporter_phone, created_from, created_to, limit, offset
    )
    audit.record(session, caller, "list", "claim", None, {"claim_numbers": [claim.claim_number for claim in items]})
    return {"items": items, "total": total}


@router.get("/{claim_number}", response_model=ClaimOut, responses=error_responses(401, 404))
def read_claim(claim_number: ClaimNumber, session: SessionDep, caller: ServiceOrAgent) -> Claim:
    """Read a claim with its injured parties and status history."""
    claim = claims.get(session, claim_number)
    audit.record(session, caller, "read", "claim", claim_number)
    return claim


@router.patch("/{claim_number}", response_model=ClaimOut, responses=error_responses(401, 404))
def correct_claim(
    claim_number: ClaimNumber, changes: ClaimUpdate, session: SessionDep, caller: ServiceOrAgent
) -> Claim:
    """Correct a report; changed facts add or drop outstanding papers on the checklist."""
    claim = claims.get(session, claim_number, for_update=True)
    fields = changes.model_dump(exclude_unset=True)
    claims.update(claim, fields)
    followups.sync_claim(session, claim)
    audit.record(session, caller, "update", "claim", claim_number, {"fields": sorted(fields)})
    return claim


@router.post("/{claim_number}/status", response_model=ClaimOut, responses=error_responses(401, 403, 404, 409))
def change_status(
    claim_number: ClaimNumber, change: StatusChangeIn, session: SessionDep, caller: CurrentAgent
) -> Claim:
    """Move a claim to another status with a note; a step the process does not allow is a 409."""
    claim = claims.get(session, claim_number, for_update=True)
    previous = claim.status
    claims.move(claim, change.status, caller.id, change.note)
    followups.sync_claim(session, claim)
    followups.announce_status(session, claim)
    audit.record(
        session, caller, "status_change", "claim", claim_number, {"from": previous.value, "to": change.status.value}
    )
    return claim


@router.post("/{claim_number}/verify", responses=error_responses(404, 429))
def verify_claimant(claim_number: ClaimNumber, proof: VerifyIn, session: SessionDep) -> ClaimantView:
    """Show claimants their own claim once the reporter's phone (in full or its last 4 digits) matches."""
    claim = claims.verify(session, claim_number, proof.phone)
    audit.record(session, CLAIMANT, "verify", "claim", claim_number)
    return ClaimantView(
        claim_number=claim.claim_number,
        status=claim.status,
        status_label=STATUS_LABELS[claim.status],
        last_update=claim.updated_at,
        missing_materials=claim_materials.missing(claim),
        next_step=NEXT_STEPS[claim.status],
    )
