"""The people hurt in an accident, under their claim."""

from fastapi import APIRouter

from api.core.db import SessionDep
from api.core.errors import error_responses
from api.core.security import ServiceOrAgent
from api.crud import audit, claims, followups, injured_parties
from api.models import InjuredParty
from api.schemas.common import ClaimNumber, RecordId
from api.schemas.injured_parties import InjuredPartyCreate, InjuredPartyOut, InjuredPartyUpdate

router = APIRouter(
    prefix="/claims/{claim_number}/injured-parties", tags=["injured parties"], responses=error_responses(401, 404)
)


@router.post("", status_code=201, response_model=InjuredPartyOut)
def add_injured_party(
    claim_number: ClaimNumber, data: InjuredPartyCreate, session: SessionDep, caller: ServiceOrAgent
) -> InjuredParty:
    """Add an injured person; a hospital stay, disability grade or death adds papers to the checklist."""
    claim = claims.get(session, claim_number, for_update=True)
    party = injured_parties.add(claim, data)
    followups.sync_claim(session, claim)
    audit.record(session, caller, "create", "injured_party", party.id, {"claim_number": claim_number})
    return party


@router.get("", response_model=list[InjuredPartyOut])
def list_injured_parties(claim_number: ClaimNumber, session: SessionDep, caller: ServiceOrAgent) -> list[InjuredParty]:
    """List the injured people of a claim."""
    claim = claims.get(session, claim_number)
    audit.record(session, caller, "list", "injured_party", None, {"claim_number": claim_number})
    return claim.injured_parties


@router.patch("/{party_id}", response_model=InjuredPartyOut)
def correct_injured_party(
    claim_number: ClaimNumber,
    party_id: RecordId,
    changes: InjuredPartyUpdate,
    session: SessionDep,
    caller: ServiceOrAgent,
) -> InjuredParty:
    """Correct an injured person's record; the checklist follows."""
    claim = claims.get(session, claim_number, for_update=True)
    party = injured_parties.get(claim, party_id)
    fields = changes.model_dump(exclude_unset=True)
    injured_parties.update(claim, party, fields)
    followups.sync_claim(session, claim)
    audit.record(
        session, caller, "update", "injured_party", party_id, {"claim_number": claim_number, "fields": sorted(fields)}
    )
    return party
