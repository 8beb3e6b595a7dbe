"""The compensation estimate route."""

from fastapi import APIRouter

from api.core.errors import ApiError, error_responses
from api.domain.settlement import estimate
from api.domain.standards import StandardNotFound, load_standards
from api.schemas.settlement import SettlementEstimate, SettlementRequest

router = APIRouter(prefix="/api/v1/settlement", tags=["赔偿估算"], responses=error_responses(422, 429))


@router.post("/estimate", response_model=SettlementEstimate, summary="赔偿估算")
def estimate_settlement(request: SettlementRequest) -> SettlementEstimate:
    """估算人伤赔偿：各项目金额、交强险和商业险各赔多少、责任方和伤者各承担多少（仅供参考）。"""
    try:
        return estimate(request, load_standards())
    except StandardNotFound as missing:
        raise ApiError(422, missing.code, missing.message) from missing
