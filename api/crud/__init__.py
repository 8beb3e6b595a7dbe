"""Reading and writing the claims database, one module per resource."""

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


def paginate(session: Session, statement: Select, limit: int, offset: int) -> tuple[list[Any], int]:
    """Run a query for one page of rows and count the rows of all pages."""
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    items = list(session.scalars(statement.limit(limit).offset(offset)))
    return items, total
