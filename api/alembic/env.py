"""Alembic environment: migrate the database named by the API settings, or a connection handed in."""

from logging.config import fileConfig

from alembic import context

from api.core.config import settings
from api.core.db import make_engine
from api.models import Base

if context.config.config_file_name is not None and context.config.attributes.get("configure_logger", True):
    fileConfig(context.config.config_file_name)


def _run(connection) -> None:
    # Batch mode lets SQLite, which cannot ALTER most things, rebuild tables; PostgreSQL ignores it.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(
        url=settings.DATABASE_URL, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()
elif (connection := context.config.attributes.get("connection")) is not None:
    _run(connection)
else:
    engine = make_engine(settings.DATABASE_URL)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()
