"""The web pages the API serves: the claimants' web chat and the agents' console."""

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.core.config import REPO_ROOT, settings
from api.core.errors import ApiError

WEB_DIR = REPO_ROOT / "web"
SOCKET_IO_CLIENT = WEB_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"

router = APIRouter(include_in_schema=False)


@router.get("/chat/config.json")
def web_chat_config() -> dict[str, str]:
    """Where the web chat finds Rasa's socket.io channel."""
    return {"rasa_url": settings.RASA_PUBLIC_URL}


@router.get("/chat/vendor/socket.io.min.js")
def socket_io_client() -> FileResponse:
    """The socket.io browser client that npm installed."""
    if not SOCKET_IO_CLIENT.is_file():
        raise ApiError(503, "service_unavailable", "网页聊天的组件还没有安装，请先运行 make setup。")
    return FileResponse(SOCKET_IO_CLIENT, media_type="text/javascript")


def mount_pages(app: FastAPI) -> None:
    """Serve the pages' files; call after including the router, whose routes the mounts would otherwise shadow."""
    app.mount("/chat", StaticFiles(directory=WEB_DIR / "chat", html=True), name="chat")
    app.mount("/console", StaticFiles(directory=WEB_DIR / "console", html=True), name="console")
