"""The deadlines route."""

from fastapi import APIRouter

from api.core.errors import error_responses
from api.domain.deadlines import compute_deadlines
from api.schemas.deadlines import DeadlineRequest, DeadlinesResponse

router = APIRouter(prefix="/api/v1", tags=["期限提醒"], responses=error_responses(422, 429))


@router.post("/deadlines", response_model=DeadlinesResponse, summary="期限提醒")
def list_deadlines(request: DeadlineRequest) -> DeadlinesResponse:
    """根据事故时间和已办事项，列出报警、通知保险公司、申请复核和诉讼时效等期限。"""
    return DeadlinesResponse(now=request.now, deadlines=compute_deadlines(request, request.now))
