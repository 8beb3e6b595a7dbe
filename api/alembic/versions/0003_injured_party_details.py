"""Injured parties: the name may be unknown (未留姓名), and the injury is described in the claimant's words.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:40:00

The follow-up status awaiting_turn needs no change: enums are VARCHAR(20) without a CHECK constraint.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("injured_parties") as batch:
        batch.alter_column("name", existing_type=sa.String(50), nullable=True)
        batch.add_column(sa.Column("injury_description", sa.String(500), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE injured_parties SET name = '未留姓名' WHERE name IS NULL")
    with op.batch_alter_table("injured_parties") as batch:
        batch.drop_column("injury_description")
        batch.alter_column("name", existing_type=sa.String(50), nullable=False)
