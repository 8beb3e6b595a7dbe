"""Claim number counters: one row per Beijing day holding the last sequence given out, seeded from the claims.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:27:11
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_number_counters",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_claim_number_counters")),
    )
    # A claim number is RPT, the day as YYYYMMDD and a 6-digit sequence; SQLite keeps a date as ISO text.
    day = {
        "postgresql": "to_date(substr(claim_number, 4, 8), 'YYYYMMDD')",
        "sqlite": "substr(claim_number, 4, 4) || '-' || substr(claim_number, 8, 2) || '-' "
        "|| substr(claim_number, 10, 2)",
    }[op.get_context().dialect.name]
    op.execute(
        "INSERT INTO claim_number_counters (day, last_sequence) "
        f"SELECT {day}, max(CAST(substr(claim_number, 12) AS INTEGER)) FROM claims GROUP BY 1"
    )


def downgrade() -> None:
    op.drop_table("claim_number_counters")
