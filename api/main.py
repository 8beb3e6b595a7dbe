"""The claims API application."""

from fastapi import FastAPI

from api.core import log_masking, rate_limit
from api.core.errors import error_responses, install_error_handlers
from api.routes import (
    advance_payments,
    audit,
    auth,
    checklists,
    claim_materials,
    claims,
    copilot,
    deadlines,
    followups,
    handoffs,
    health,
    injured_parties,
    preferences,
    settlement,
    web_pages,
)

app = FastAPI(title="车险人伤理赔 claims API", version="0.1.0", responses=error_responses(400, 422))
install_error_handlers(app)
log_masking.install()

for module in (
    health,
    auth,
    claims,
    injured_parties,
    claim_materials,
    advance_payments,
    followups,
    preferences,
    handoffs,
    audit,
    copilot,
):
    app.include_router(module.router, prefix="/api/v1")

# The pure domain routers carry their own /api/v1 prefix.
for module in (settlement, checklists, deadlines):
    app.include_router(module.router)

app.include_router(web_pages.router)
web_pages.mount_pages(app)
rate_limit.install(app)
