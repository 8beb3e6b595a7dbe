"""Migrations build the models' schema from an empty database, and come down and up again."""

import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timezone

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, insert, inspect, select, text
from sqlalchemy.orm import Session

from api.core.db import make_engine
from api.crud import claims
from api.models import Base, Channel, Claim, ClaimNumberCounter


@pytest.fixture
def empty_engine() -> Iterator[Engine]:
    """An empty database: a new SQLite file, or a new schema on the PostgreSQL test server."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        engine = make_engine(f"sqlite:///{tempfile.mkdtemp()}/migrations.db")
        yield engine
        engine.dispose()
        return
    schema = f"migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def _tables(connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_matches_the_models(empty_engine, alembic_config):
    with empty_engine.begin() as connection:
        config = alembic_config(connection)
        command.upgrade(config, "head")
        assert _tables(connection) == set(Base.metadata.tables)
        command.downgrade(config, "base")
        assert _tables(connection) == set()
        command.upgrade(config, "head")
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
        assert differences == []


def test_the_counters_go_on_from_the_numbers_already_given(empty_engine, alembic_config):
    with empty_engine.begin() as connection:
        config = alembic_config(connection)
        command.upgrade(config, "0001")
        report = {
            "accident_time": datetime(2031, 5, 6, tzinfo=timezone.utc),
            "accident_place": "路口",
            "reporter_name": "李四",
            "reporter_phone": "13800138000",
            "channel": Channel.web,
        }
        numbers = ["RPT20310506000001", "RPT20310506000041", "RPT20310507000007"]
        connection.execute(insert(Claim), [{**report, "claim_number": number} for number in numbers])
        command.upgrade(config, "head")
        counters = connection.execute(select(ClaimNumberCounter.day, ClaimNumberCounter.last_sequence).order_by("day"))
        assert counters.all() == [(date(2031, 5, 6), 41), (date(2031, 5, 7), 7)]
        assert claims.next_claim_number(Session(connection), date(2031, 5, 6)) == "RPT20310506000042"
