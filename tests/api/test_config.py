"""Settings: development defaults, production refuses them, SQLite files get their folder."""

import pytest
from pydantic import ValidationError

from api.core.config import Settings
from api.core.db import make_engine
from shared_config import DEV_SECRETS

DEV_SERVICE_KEY, DEV_JWT_SECRET, DEV_RASA_TOKEN = (
    DEV_SECRETS[name] for name in ("CLAIMS_API_SERVICE_KEY", "JWT_SECRET", "RASA_TOKEN")
)

STRONG = "x" * 32


def test_development_works_with_the_defaults(monkeypatch):
    for name in ("APP_ENV", "DATABASE_URL", "CLAIMS_API_SERVICE_KEY", "JWT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.APP_ENV == "development"
    assert settings.DATABASE_URL.endswith("/var/claims.db")
    assert (settings.CLAIMS_API_SERVICE_KEY, settings.JWT_SECRET) == (DEV_SERVICE_KEY, DEV_JWT_SECRET)


@pytest.mark.parametrize(
    ("service_key", "jwt_secret", "rasa_token"),
    [
        (DEV_SERVICE_KEY, STRONG, STRONG),
        (STRONG, DEV_JWT_SECRET, STRONG),
        (STRONG, "short", STRONG),
        (STRONG, STRONG, DEV_RASA_TOKEN),
    ],
)
def test_production_refuses_development_or_short_secrets(service_key, jwt_secret, rasa_token):
    with pytest.raises(ValidationError, match="production"):
        Settings(APP_ENV="production", CLAIMS_API_SERVICE_KEY=service_key, JWT_SECRET=jwt_secret, RASA_TOKEN=rasa_token)


def test_production_starts_with_real_secrets():
    settings = Settings(APP_ENV="production", CLAIMS_API_SERVICE_KEY=STRONG, JWT_SECRET="y" * 40, RASA_TOKEN="z" * 32)
    assert settings.APP_ENV == "production"


def test_a_sqlite_file_gets_its_folder(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/var/claims.db")
    assert (tmp_path / "var").is_dir()
    engine.dispose()
