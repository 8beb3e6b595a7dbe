"""The action server: rasa_sdk's app that runs actions only for callers with the shared token, on ACTIONS_HOST."""

import hmac
import logging
import sys
from typing import Optional

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app, create_argument_parser
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.settings import ActionsSettings
from shared_config import DevSecretInProduction, secret

# Rasa sends it on every call (bot/endpoints.yml); anyone else could run any action with a crafted tracker.
TOKEN_HEADER = "X-Action-Server-Token"
PUBLIC_PATHS = frozenset({"/health"})


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
        host = ActionsSettings.from_environment().host  # the claims API's service key is checked here, at start
        token = secret("ACTION_SERVER_TOKEN")
    except DevSecretInProduction as error:
        sys.exit(str(error))
    logging.getLogger(__name__).info("Action server on http://%s:%s", host, args.port)
    create_guarded_app(token, args.actions).run(host, args.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
