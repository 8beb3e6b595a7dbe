"""The API's settings, read once from the environment."""

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings

from shared_config import DEV_SECRETS, RASA_URL, checked_secret

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Environment variables the API reads; development defaults work out of the box."""

    APP_ENV: Literal["development", "production"] = "development"
    DATABASE_URL: str = f"sqlite:///{REPO_ROOT / 'var' / 'claims.db'}"
    # How long a request waits for SQLite's write lock, and keeps trying to reach PostgreSQL (e.g. while it restarts),
    # before it answers 503.
    DATABASE_BUSY_TIMEOUT_SECONDS: float = 30
    DATABASE_CONNECT_RETRY_SECONDS: float = 5
    CLAIMS_API_SERVICE_KEY: str = DEV_SECRETS["CLAIMS_API_SERVICE_KEY"]
    JWT_SECRET: str = DEV_SECRETS["JWT_SECRET"]
    ACCESS_TOKEN_MINUTES: int = 480
    RASA_URL: str = RASA_URL
    RASA_TOKEN: str = DEV_SECRETS["RASA_TOKEN"]
    # Requests per client and minute on each endpoint that needs no credentials.
    RATE_LIMIT_PER_MINUTE: int = 30
    # Where those counts live: memory:// (this process) or redis://host:port/db, shared by every API replica.
    RATE_LIMIT_STORAGE_URL: str = "memory://"
    # The Rasa address browsers reach for the web chat's socket.io; behind a proxy it differs from RASA_URL.
    RASA_PUBLIC_URL: str = RASA_URL
    RASA_TIMEOUT_SECONDS: float = 30
    FOLLOWUP_POLL_SECONDS: float = 5
    # Longer than a whole delivery can take, so that no second worker retakes a nudge that is still being sent.
    FOLLOWUP_LEASE_SECONDS: float = 120
    FOLLOWUP_MAX_ATTEMPTS: int = 5
    FOLLOWUP_RETRY_SECONDS: float = 60
    # Local clock times; equal start and end mean no quiet hours.
    QUIET_HOURS_START: time = time(21, 0)
    QUIET_HOURS_END: time = time(8, 0)
    QUIET_HOURS_TIMEZONE: str = "Asia/Shanghai"

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> "Settings":
        for name in ("CLAIMS_API_SERVICE_KEY", "JWT_SECRET", "RASA_TOKEN"):
            checked_secret(name, getattr(self, name), self.APP_ENV)
        if self.FOLLOWUP_LEASE_SECONDS <= self.RASA_TIMEOUT_SECONDS:
            raise ValueError("FOLLOWUP_LEASE_SECONDS must be longer than RASA_TIMEOUT_SECONDS")
        return self


settings = Settings()
