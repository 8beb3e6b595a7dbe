"""Patch: `rasa.server.create_app`, so that a `POST /model/parse` body that is not a JSON object gets a 400.

Rasa 3.6 answers it with a 500.

Rasa's handler reads `request.json` inside a `try` that turns every error into an INTERNAL_SERVER_ERROR
ParsingError, so a client's unreadable body looks like a server fault (and pages whoever watches 5xx). `apply()` wraps
`rasa.server.create_app` so that each app it builds refuses such a body first, with Rasa's own error format. It runs
before the token check, which only ever sees readable bodies; a missing body keeps Rasa's own 400.
"""

import json
from http import HTTPStatus
from typing import Any

import rasa.server
from rasa.server import ErrorResponse
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

RASA_CREATE_APP = rasa.server.create_app
PARSE_PATH = "/model/parse"
UNREADABLE_BODY = 'The request body must be a JSON object such as {"text": "我要报案"}.'


def refusal_of(request: Request) -> "HTTPResponse | None":
    """A 400 for a parse request whose body is there but is not a JSON object; None lets the request through."""
    if request.method != "POST" or request.path != PARSE_PATH or not request.body:
        return None
    try:
        body = json.loads(request.body)
    except ValueError:
        body = None
    if isinstance(body, dict):
        return None
    error = ErrorResponse(HTTPStatus.BAD_REQUEST, "BadRequest", UNREADABLE_BODY)
    return response.json(error.error_info, status=HTTPStatus.BAD_REQUEST)


def create_guarded_app(*args: Any, **kwargs: Any) -> Sanic:
    """Rasa's app, refusing unreadable parse bodies first."""
    app = RASA_CREATE_APP(*args, **kwargs)
    app.register_middleware(refusal_of, "request")
    return app


def apply() -> None:
    """Guard `/model/parse` in every Rasa server app from now on."""
    rasa.server.create_app = create_guarded_app
