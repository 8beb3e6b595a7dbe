"""The people hurt in an accident, under their claim."""

from api.core.errors import ApiError
from api.crud.claim_materials import sync_checklist
from api.models import Claim, InjuredParty, utcnow
from api.schemas.injured_parties import InjuredPartyCreate


def get(claim: Claim, party_id: int) -> InjuredParty:
    """The claim's injured party with this id, or a 404."""
    party = next((party for party in claim.injured_parties if party.id == party_id), None)
    if party is None:
        raise ApiError(404, "injured_party_not_found", "这个案件下没有找到这位伤者。")
    return party


def add(claim: Claim, data: InjuredPartyCreate) -> InjuredParty:
    """Add an injured party; a hospital stay, disability or death adds papers to the checklist."""
    party = InjuredParty(**data.model_dump())
    claim.injured_parties.append(party)
    claim.updated_at = utcnow()
    sync_checklist(claim)
    return party


def update(claim: Claim, party: InjuredParty, changes: dict) -> None:
    """Correct an injured party's record and the checklist that follows from it."""
    for name, value in changes.items():
        setattr(party, name, value)
    claim.updated_at = utcnow()
    sync_checklist(claim)
