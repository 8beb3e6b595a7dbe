"""Claims: the reporting client's idempotency key (report_id), so that a report sent twice makes one claim.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:10:00

The follow-up kind report_filed and the handoff reason report_rejected need no change: enums are VARCHAR(20)
without a CHECK constraint.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("report_id", sa.String(64), nullable=True))
        batch.create_unique_constraint(op.f("uq_claims_report_id"), ["report_id"])


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_constraint(op.f("uq_claims_report_id"), type_="unique")
        batch.drop_column("report_id")
