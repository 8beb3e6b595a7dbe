"""One rule for development secrets in every service: fine in development, refused in production."""

import pytest

from shared_config import DEV_SECRETS, DevSecretInProduction, secret

STRONG = "s" * 32


def test_development_uses_the_defaults():
    assert [secret(name, {}) for name in DEV_SECRETS] == list(DEV_SECRETS.values())


@pytest.mark.parametrize("name", list(DEV_SECRETS))
@pytest.mark.parametrize("given", ["unset", "default", "short"])
def test_production_refuses_a_missing_default_or_short_secret(name, given):
    value = {"unset": None, "default": DEV_SECRETS[name], "short": "s" * 31}[given]
    environ = {"APP_ENV": "production", **({name: value} if value else {})}
    with pytest.raises(DevSecretInProduction, match=f"{name} must be set to a secret of at least 32 characters"):
        secret(name, environ)


def test_production_takes_real_secrets():
    assert [secret(name, {"APP_ENV": "production", name: STRONG}) for name in DEV_SECRETS] == [STRONG] * 4
