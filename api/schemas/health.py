"""Body of the health check."""

from typing import Literal

from api.schemas.common import Schema


class HealthOut(Schema):
    """The API is up and its database answers."""

    status: Literal["ok"]
    database: Literal["ok"]
