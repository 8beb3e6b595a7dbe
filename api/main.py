"""The claims API application."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.core.config import REPO_ROOT
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
)

app = FastAPI(title="车险人伤理赔 claims API", version="0.1.0", responses=error_responses(400, 422))
install_error_handlers(app)

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

app.mount("/console", StaticFiles(directory=REPO_ROOT / "web" / "console", html=True), name="console")
