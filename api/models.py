"""The claims database: SQLAlchemy 2 typed models."""

import enum
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from api.domain.materials import GROUP_TITLES


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Money(TypeDecorator):
    """An amount in yuan, stored as whole fen so that no database rounds it through a float."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect) -> int | None:
        return int(value * 100) if value is not None else None

    def process_result_value(self, value: int | None, dialect) -> Decimal | None:
        return (Decimal(value) / 100).quantize(Decimal("0.01")) if value is not None else None


class Base(DeclarativeBase):
    """Base of every model; named constraints let Alembic alter SQLite tables in batch mode."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON, list[Any]: JSON}


def _enum(cls: type[enum.Enum]) -> Enum:
    """Store an enum by its value as a short string, the same on SQLite and PostgreSQL."""
    return Enum(cls, native_enum=False, length=20, values_callable=lambda members: [m.value for m in members])


class Channel(str, enum.Enum):
    """Where a conversation or report came from."""

    web = "web"
    wechat = "wechat"
    rest = "rest"
    console = "console"


class ClaimStatus(str, enum.Enum):
    """Where a claim stands."""

    reported = "reported"
    under_review = "under_review"
    awaiting_materials = "awaiting_materials"
    assessing = "assessing"
    approved = "approved"
    paid = "paid"
    closed = "closed"
    withdrawn = "withdrawn"


class Severity(str, enum.Enum):
    """How badly a person was hurt."""

    minor = "minor"
    serious = "serious"
    critical = "critical"
    fatal = "fatal"


class MaterialStatus(str, enum.Enum):
    """Whether a paper on the checklist has arrived."""

    required = "required"
    received = "received"
    waived = "waived"


class AdvancePaymentStatus(str, enum.Enum):
    """Where an advance-payment request stands."""

    submitted = "submitted"
    under_review = "under_review"
    approved = "approved"
    rejected = "rejected"
    paid = "paid"


class FollowUpKind(str, enum.Enum):
    """What a proactive nudge is about."""

    callback = "callback"
    notice_reminder = "notice_reminder"
    materials_reminder = "materials_reminder"
    status_change = "status_change"
    treatment_checkin = "treatment_checkin"
    # A report the claims API could not take at once was filed later: tell the claimant its number.
    report_filed = "report_filed"


class FollowUpStatus(str, enum.Enum):
    """Where a nudge is in its delivery."""

    scheduled = "scheduled"
    # Due, but the channel cannot push now: shown at the claimant's next turn.
    awaiting_turn = "awaiting_turn"
    delivering = "delivering"
    delivered = "delivered"
    cancelled = "cancelled"
    failed = "failed"


class HandoffReason(str, enum.Enum):
    """Why the bot handed a conversation to a human."""

    requested = "requested"
    misunderstood = "misunderstood"
    severe = "severe"
    angry = "angry"
    # A report held while the claims API was down was refused when filed: a person must file it.
    report_rejected = "report_rejected"


class HandoffStatus(str, enum.Enum):
    """Where a handoff ticket stands."""

    open = "open"
    taken = "taken"
    closed = "closed"


class AgentRole(str, enum.Enum):
    """What an agent may do: supervisors and admins also read the audit log."""

    agent = "agent"
    supervisor = "supervisor"
    admin = "admin"


class ActorKind(str, enum.Enum):
    """Who read or changed data, for the audit log."""

    service = "service"
    agent = "agent"
    claimant = "claimant"


class _OfClaim:
    """Gives a record that may belong to a claim the claim's number, for the API to show."""

    @property
    def claim_number(self) -> str | None:
        return self.claim.claim_number if self.claim else None


class Agent(Base):
    """A call-centre agent who signs in to the console."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    hashed_password: Mapped[str] = mapped_column(String(100))
    role: Mapped[AgentRole] = mapped_column(_enum(AgentRole))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Claim(Base):
    """An accident report and the claim that grows from it."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_number: Mapped[str] = mapped_column(String(20), unique=True)
    accident_time: Mapped[datetime]
    accident_place: Mapped[str] = mapped_column(String(200))
    plate_number: Mapped[str | None] = mapped_column(String(20))
    driver_name: Mapped[str | None] = mapped_column(String(50))
    reporter_name: Mapped[str] = mapped_column(String(50))
    reporter_phone: Mapped[str] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    police_reported: Mapped[bool] = mapped_column(default=False)
    insurer_notified: Mapped[bool] = mapped_column(default=False)
    has_injuries: Mapped[bool] = mapped_column(default=False)
    injured_taken_to_hospital: Mapped[bool] = mapped_column(default=False)
    hospital: Mapped[str | None] = mapped_column(String(100))
    vehicle_damage: Mapped[str | None] = mapped_column(String(500))
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[ClaimStatus] = mapped_column(_enum(ClaimStatus), default=ClaimStatus.reported)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    conversation_id: Mapped[str | None] = mapped_column(String(128), index=True)
    # The reporting client's idempotency key: the same report sent again gets this claim, not a second one.
    report_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    injured_parties: Mapped[list["InjuredParty"]] = relationship(back_populates="claim", order_by="InjuredParty.id")
    materials: Mapped[list["ClaimMaterial"]] = relationship(
        back_populates="claim", order_by="ClaimMaterial.id", cascade="all, delete-orphan"
    )
    advance_payments: Mapped[list["AdvancePayment"]] = relationship(
        back_populates="claim", order_by="AdvancePayment.id"
    )
    status_history: Mapped[list["ClaimStatusChange"]] = relationship(order_by="ClaimStatusChange.id")


class ClaimNumberCounter(Base):
    """The last sequence number given out on a Beijing day."""

    __tablename__ = "claim_number_counters"

    day: Mapped[date] = mapped_column(primary_key=True)
    last_sequence: Mapped[int]


class ClaimStatusChange(Base):
    """One step in a claim's status history."""

    __tablename__ = "claim_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    from_status: Mapped[ClaimStatus | None] = mapped_column(_enum(ClaimStatus))
    to_status: Mapped[ClaimStatus] = mapped_column(_enum(ClaimStatus))
    changed_by: Mapped[str] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class InjuredParty(Base):
    """A person hurt in the accident."""

    __tablename__ = "injured_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    # None when the claimant did not say the name (未留姓名).
    name: Mapped[str | None] = mapped_column(String(50))
    age: Mapped[int | None]
    hospitalised: Mapped[bool] = mapped_column(default=False)
    severity: Mapped[Severity] = mapped_column(_enum(Severity), default=Severity.minor)
    disability_grade: Mapped[int | None]
    injury_description: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="injured_parties")


class ClaimMaterial(Base):
    """One paper on a claim's checklist and whether it has arrived."""

    __tablename__ = "claim_materials"
    __table_args__ = (UniqueConstraint("claim_id", "code", name="uq_claim_materials_claim_id_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    code: Mapped[str] = mapped_column(String(50))
    group: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(String(500))
    status: Mapped[MaterialStatus] = mapped_column(_enum(MaterialStatus), default=MaterialStatus.required)
    received_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="materials")

    @property
    def group_title(self) -> str:
        return GROUP_TITLES.get(self.group, self.group)


class AdvancePayment(_OfClaim, Base):
    """A request that the insurer advance treatment costs to a hospital (垫付)."""

    __tablename__ = "advance_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    injured_party_id: Mapped[int | None] = mapped_column(ForeignKey("injured_parties.id"))
    hospital: Mapped[str] = mapped_column(String(100))
    amount_requested: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str | None] = mapped_column(String(1000))
    police_notice: Mapped[bool] = mapped_column(default=False)
    status: Mapped[AdvancePaymentStatus] = mapped_column(
        _enum(AdvancePaymentStatus), default=AdvancePaymentStatus.submitted
    )
    decided_by: Mapped[str | None] = mapped_column(String(50))
    decision_note: Mapped[str | None] = mapped_column(String(1000))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="advance_payments")


class FollowUp(_OfClaim, Base):
    """A proactive nudge to a conversation, kept durable so that restarts do not lose it."""

    __tablename__ = "followups"
    __table_args__ = (Index("ix_followups_status_due_at", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    kind: Mapped[FollowUpKind] = mapped_column(_enum(FollowUpKind))
    due_at: Mapped[datetime]
    status: Mapped[FollowUpStatus] = mapped_column(_enum(FollowUpStatus), default=FollowUpStatus.scheduled)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    locked_by: Mapped[str | None] = mapped_column(String(80))
    locked_until: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    claim: Mapped[Claim | None] = relationship()


class ClaimantPreference(Base):
    """What a claimant asked of us about reminders, per conversation."""

    __tablename__ = "claimant_preferences"

    conversation_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    opted_out_of_reminders: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Handoff(_OfClaim, Base):
    """A conversation handed from the bot to a human agent."""

    __tablename__ = "handoffs"
    __table_args__ = (Index("ix_handoffs_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    reason: Mapped[HandoffReason] = mapped_column(_enum(HandoffReason))
    summary: Mapped[str] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    transcript: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[HandoffStatus] = mapped_column(_enum(HandoffStatus), default=HandoffStatus.open)
    agent: Mapped[str | None] = mapped_column(String(50))
    close_note: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    taken_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    claim: Mapped[Claim | None] = relationship()


class AuditEntry(Base):
    """Who read or changed which claimant data, and when."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_resource_resource_id", "resource", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_kind: Mapped[ActorKind] = mapped_column(_enum(ActorKind))
    actor_id: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    resource: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[str | None] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
