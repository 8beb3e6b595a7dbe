"""Bodies for the people hurt in an accident."""

from datetime import datetime
from typing import Annotated

from pydantic import Field

from api.models import Severity
from api.schemas.common import Schema, Text

Age = Annotated[int, Field(ge=0, le=120)]
DisabilityGrade = Annotated[int, Field(ge=1, le=10, description="伤残等级: 1 is the most severe, 10 the least.")]


class InjuredPartyCreate(Schema):
    """A person hurt in the accident."""

    name: Text(50, min_length=1) | None = Field(None, description="None when the claimant did not say (未留姓名).")
    age: Age | None = None
    hospitalised: bool = False
    severity: Severity = Severity.minor
    disability_grade: DisabilityGrade | None = None
    injury_description: Text(500) | None = Field(None, description="The injury in the claimant's words.")
    notes: Text(1000) | None = None


class InjuredPartyUpdate(Schema):
    """Changes to an injured person; fields left out stay as they are."""

    name: Text(50, min_length=1) | None = None
    age: Age | None = None
    hospitalised: bool = None
    severity: Severity = None
    disability_grade: DisabilityGrade | None = None
    injury_description: Text(500) | None = None
    notes: Text(1000) | None = None


class InjuredPartyOut(InjuredPartyCreate):
    """An injured person as recorded."""

    id: int
    created_at: datetime
    updated_at: datetime
