"""Claims: numbering, reporting, changes, status moves and the claimant's phone check."""

import hmac
import re
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.core.errors import ApiError
from api.core.security import CLAIMANT
from api.crud import audit, paginate
from api.crud.claim_materials import sync_checklist
from api.domain.claim_status import STATUS_LABELS
from api.models import Channel, Claim, ClaimNumberCounter, ClaimStatus, ClaimStatusChange, InjuredParty, utcnow
from api.schemas.claims import ClaimCreate, normalise_phone
from api.schemas.common import SHANGHAI

_OPEN_ENDS = {ClaimStatus.closed, ClaimStatus.withdrawn}
CLAIM_TRANSITIONS = {
    ClaimStatus.reported: {ClaimStatus.under_review, ClaimStatus.awaiting_materials, *_OPEN_ENDS},
    ClaimStatus.under_review: {ClaimStatus.awaiting_materials, ClaimStatus.assessing, *_OPEN_ENDS},
    ClaimStatus.awaiting_materials: {ClaimStatus.under_review, ClaimStatus.assessing, *_OPEN_ENDS},
    ClaimStatus.assessing: {ClaimStatus.awaiting_materials, ClaimStatus.approved, *_OPEN_ENDS},
    ClaimStatus.approved: {ClaimStatus.paid, ClaimStatus.closed},
    ClaimStatus.paid: {ClaimStatus.closed},
    ClaimStatus.closed: set(),
    ClaimStatus.withdrawn: set(),
}
VERIFY_LOCK_FAILURES = 5
VERIFY_LOCK_WINDOW = timedelta(minutes=15)


def _not_verified() -> ApiError:
    """The one answer for a claimant whose claim is unknown or who could not prove it is theirs."""
    return ApiError(404, "claim_not_found", "没有找到匹配的案件，请核对报案号和手机号后再试。")


def next_claim_number(session: Session, day: date) -> str:
    """Take the day's next number: RPT, the Beijing date, a 6-digit daily sequence."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    # One atomic upsert: concurrent reports queue on the day's row lock until the holder commits, so none collide.
    statement = (
        insert(ClaimNumberCounter)
        .values(day=day, last_sequence=1)
        .on_conflict_do_update(
            index_elements=[ClaimNumberCounter.day], set_={"last_sequence": ClaimNumberCounter.last_sequence + 1}
        )
        .returning(ClaimNumberCounter.last_sequence)
    )
    return f"RPT{day:%Y%m%d}{session.scalar(statement):06d}"


def create(session: Session, report: ClaimCreate, created_by: str) -> Claim:
    """Record a report with its injured parties, first status and checklist, under a fresh number."""
    claim = Claim(
        **report.model_dump(exclude={"injured_parties"}),
        claim_number=next_claim_number(session, datetime.now(SHANGHAI).date()),
        injured_parties=[InjuredParty(**party.model_dump()) for party in report.injured_parties],
        status_history=[ClaimStatusChange(from_status=None, to_status=ClaimStatus.reported, changed_by=created_by)],
    )
    sync_checklist(claim)
    session.add(claim)
    return claim


def record_report(session: Session, report: ClaimCreate, created_by: str) -> tuple[Claim, bool]:
    """The claim of a report and whether it is new: a report_id already recorded gives that claim back."""
    if report.report_id and (stored := _by_report_id(session, report.report_id)):
        return stored, False
    try:
        with session.begin_nested():
            claim = create(session, report, created_by)
    except IntegrityError:
        # A concurrent request with the same report_id committed first (PostgreSQL; SQLite serialises the writers).
        stored = _by_report_id(session, report.report_id) if report.report_id else None
        if stored is None:
            raise
        return stored, False
    return claim, True


def _by_report_id(session: Session, report_id: str) -> Claim | None:
    return session.scalar(select(Claim).where(Claim.report_id == report_id))


def get(session: Session, claim_number: str, for_update: bool = False) -> Claim:
    """The claim with this number, or a 404; for_update locks it until the change commits."""
    statement = select(Claim).where(Claim.claim_number == claim_number)
    claim = session.scalar(statement.with_for_update() if for_update else statement)
    if claim is None:
        raise ApiError(404, "claim_not_found", "没有找到这个案件。")
    return claim


def search(
    session: Session,
    status: ClaimStatus | None,
    channel: Channel | None,
    plate_number: str | None,
    reporter_phone: str | None,
    created_from: datetime | None,
    created_to: datetime | None,
    limit: int,
    offset: int,
) -> tuple[list[Claim], int]:
    """List claims matching the filters, newest first."""
    statement = select(Claim).order_by(Claim.created_at.desc(), Claim.id.desc())
    if status:
        statement = statement.where(Claim.status == status)
    if channel:
        statement = statement.where(Claim.channel == channel)
    if plate_number:
        statement = statement.where(Claim.plate_number == plate_number)
    if reporter_phone:
        statement = statement.where(Claim.reporter_phone == reporter_phone)
    if created_from:
        statement = statement.where(Claim.created_at >= created_from)
    if created_to:
        statement = statement.where(Claim.created_at < created_to)
    return paginate(session, statement, limit, offset)


def update(claim: Claim, changes: dict) -> None:
    """Apply corrections to a report; new facts rebuild the checklist."""
    for name, value in changes.items():
        setattr(claim, name, value)
    claim.updated_at = utcnow()
    sync_checklist(claim)


def move(claim: Claim, to: ClaimStatus, by: str, note: str | None) -> None:
    """Move a claim to another status, or refuse with a 409 if that step is not allowed."""
    if to not in CLAIM_TRANSITIONS[claim.status]:
        raise ApiError(
            409,
            "invalid_transition",
            f"案件当前是「{STATUS_LABELS[claim.status]}」，不能改为「{STATUS_LABELS[to]}」。",
        )
    claim.status_history.append(ClaimStatusChange(from_status=claim.status, to_status=to, changed_by=by, note=note))
    claim.status = to
    claim.updated_at = utcnow()


def verify(session: Session, claim_number: str, phone: str) -> Claim:
    """The claim if the phone matches the reporter's (in full or its last 4 digits), else the same 404."""
    claim = session.scalar(select(Claim).where(Claim.claim_number == claim_number))
    if claim is None:
        raise _not_verified()
    # After a run of wrong guesses even the right phone gets the 404 for a while: 4 digits are easy to guess.
    locked = (
        audit.count_recent(session, "verify_failed", "claim", claim_number, VERIFY_LOCK_WINDOW) >= VERIFY_LOCK_FAILURES
    )
    if locked or not _phone_matches(phone, claim.reporter_phone):
        audit.record(session, CLAIMANT, "verify_failed", "claim", claim_number)
        raise _not_verified()
    return claim


def _phone_matches(given: str, recorded: str) -> bool:
    digits = re.sub(r"[^0-9]", "", given)
    if len(digits) == 4:
        return hmac.compare_digest(digits.encode(), recorded[-4:].encode())
    try:
        return hmac.compare_digest(normalise_phone(given).encode(), recorded.encode())
    except ValueError:
        return False
