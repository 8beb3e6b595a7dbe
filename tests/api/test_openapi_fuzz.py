"""Schemathesis over the whole OpenAPI: no input causes a 5xx, and every response matches its schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import app
from tests.api.rasa_stand_in import stand_in_rasa

schema = schemathesis.openapi.from_asgi("/openapi.json", app)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module", autouse=True)
def rasa():
    """The co-pilot routes call Rasa: a stand-in answers, as Rasa would in production."""
    with stand_in_rasa() as server:
        yield server


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi(case, service, supervisor):
    case.call_and_validate(headers={**service, **supervisor}, checks=CHECKS)
