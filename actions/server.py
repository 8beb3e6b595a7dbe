"""The action server: rasa_sdk's app that runs actions only for callers with the shared token, on ACTIONS_HOST."""

import hmac
import logging
import os
import sys
from typing import Mapping, Optional

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app, create_argument_parser
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

# The action server's secrets and their development defaults, which production refuses.
DEV_SECRETS = {"ACTION_SERVER_TOKEN": "dev-action-server-token", "CLAIMS_API_SERVICE_KEY": "dev-service-key"}
# Rasa sends it on every call (bot/endpoints.yml); anyone else could run any action with a crafted tracker.
TOKEN_HEADER = "X-Action-Server-Token"
PUBLIC_PATHS = frozenset({"/health"})


def secret(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """A secret of DEV_SECRETS from the environment; ValueError for its development default in production."""
    value = environ.get(name) or DEV_SECRETS[name]
    if environ.get("APP_ENV", "development") == "production" and (value == DEV_SECRETS[name] or len(value) < 32):
        raise ValueError(f"{name} must be set to a secret of at least 32 characters in production.")
    return value


def create_guarded_app(token: str, actions_package: str = "actions") -> Sanic:
    """rasa_sdk's app whose routes other than /health answer 401 without the token."""
    app = create_app(actions_package)

    @app.on_request
    async def refuse_without_token(request: Request) -> Optional[HTTPResponse]:
        given = request.headers.get(TOKEN_HEADER, "").encode()
        if request.path in PUBLIC_PATHS or hmac.compare_digest(given, token.encode()):
            return None
        return response.json({"error": f"the {TOKEN_HEADER} header is missing or wrong"}, status=401)

    return app


def main() -> None:
    """Serve the actions like `python -m rasa_sdk`, on ACTIONS_HOST (127.0.0.1 unless set) and behind the token."""
    args = create_argument_parser().parse_args()
    utils.configure_colored_logging(args.loglevel)
    try:
        secret("CLAIMS_API_SERVICE_KEY")  # read by actions/clients/claims_api.py; checked here, at start
        token = secret("ACTION_SERVER_TOKEN")
    except ValueError as error:
        sys.exit(str(error))
    host = os.environ.get("ACTIONS_HOST", "127.0.0.1")
    logging.getLogger(__name__).info("Action server on http://%s:%s", host, args.port)
    create_guarded_app(token, args.actions).run(host, args.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
