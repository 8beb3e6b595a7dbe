"""A claim's materials checklist."""

from typing import Annotated

from fastapi import APIRouter, Path

from api.core.db import SessionDep
from api.core.errors import error_responses
from api.core.security import ServiceOrAgent
from api.crud import audit, claim_materials, claims, followups
from api.models import ClaimMaterial
from api.schemas.claim_materials import MaterialMark, MaterialOut
from api.schemas.common import ClaimNumber

router = APIRouter(prefix="/claims/{claim_number}/materials", tags=["materials"], responses=error_responses(401, 404))

MaterialCode = Annotated[str, Path(pattern=r"^[a-z0-9_]{1,50}$")]


@router.get("", response_model=list[MaterialOut])
def list_materials(claim_number: ClaimNumber, session: SessionDep, caller: ServiceOrAgent) -> list[ClaimMaterial]:
    """List the papers the claim needs, in the order of the claim guide, with what has arrived."""
    claim = claims.get(session, claim_number)
    audit.record(session, caller, "list", "claim_material", None, {"claim_number": claim_number})
    return claim_materials.checklist(claim)


@router.post("/{code}", response_model=MaterialOut)
def mark_material(
    claim_number: ClaimNumber, code: MaterialCode, mark: MaterialMark, session: SessionDep, caller: ServiceOrAgent
) -> ClaimMaterial:
    """Mark a paper received or waived (or required again)."""
    claim = claims.get(session, claim_number, for_update=True)
    material = claim_materials.mark(claim, code, mark.status)
    followups.sync_claim(session, claim)
    audit.record(
        session, caller, "update", "claim_material", code, {"claim_number": claim_number, "status": mark.status.value}
    )
    return material
