"""The claim-materials checklist route."""

from fastapi import APIRouter

from api.core.errors import error_responses
from api.domain.materials import build_checklist
from api.schemas.checklists import ChecklistRequest, ChecklistResponse, MaterialEntry

router = APIRouter(prefix="/api/v1/materials", tags=["理赔材料"], responses=error_responses(422, 429))


@router.post("/checklist", response_model=ChecklistResponse, summary="理赔材料清单")
def materials_checklist(request: ChecklistRequest) -> ChecklistResponse:
    """按案件情况列出理赔需要准备的材料。"""
    return ChecklistResponse(items=[MaterialEntry.from_item(item) for item in build_checklist(request.to_facts())])
