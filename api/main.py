"""The claims API application."""

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.core import log_masking, rate_limit
from api.core.config import REPO_ROOT, settings
from api.core.errors import ApiError, error_responses, install_error_handlers
from api.routes import (
    advance_payments,
    audit,
    auth,
    checklists,
    claim_materials,
    claims,
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
):
    app.include_router(module.router, prefix="/api/v1")

# The pure domain routers carry their own /api/v1 prefix.
for module in (settlement, checklists, deadlines):
    app.include_router(module.router)

WEB_CHAT_DIR = REPO_ROOT / "web" / "chat"
SOCKET_IO_CLIENT = REPO_ROOT / "web" / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"


@app.get("/chat/config.json", include_in_schema=False)
def web_chat_config() -> dict[str, str]:
    """Where the web chat finds Rasa's socket.io channel."""
    return {"rasa_url": settings.RASA_PUBLIC_URL}


@app.get("/chat/vendor/socket.io.min.js", include_in_schema=False)
def socket_io_client() -> FileResponse:
    """The socket.io browser client that npm installed."""
    if not SOCKET_IO_CLIENT.is_file():
        raise ApiError(503, "service_unavailable", "网页聊天的组件还没有安装，请先运行 make setup。")
    return FileResponse(SOCKET_IO_CLIENT, media_type="text/javascript")


# Mounted after the two routes above, which it would otherwise shadow.
app.mount("/chat", StaticFiles(directory=WEB_CHAT_DIR, html=True), name="chat")

rate_limit.install(app)
