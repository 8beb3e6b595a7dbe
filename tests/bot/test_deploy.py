"""The scaled-out deployments give every Rasa replica each setting it reads, and each Redis store a database of its own."""

import re

import yaml

from tests.conftest import ROOT

SETTINGS = sorted(set(re.findall(r'"([A-Z][A-Z0-9_]+)"', (ROOT / "bot" / "settings.py").read_text())))
# With a default that serves every deployment: the public WeChat API.
OPTIONAL = {"WECHAT_API_BASE_URL"}
REDIS_SETTINGS = [name for name in SETTINGS if name.endswith("_REDIS_URL")]


def compose_rasa_environment() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())["x-rasa"]["environment"]


def kubernetes_rasa_environment() -> dict:
    """The StatefulSet's own variables, and the names of the secret that kustomization.yaml says to create."""
    stateful_set = next(
        document
        for document in yaml.safe_load_all((ROOT / "deploy" / "k8s" / "rasa.yaml").read_text())
        if document["kind"] == "StatefulSet"
    )
    container = stateful_set["spec"]["template"]["spec"]["containers"][0]
    assert container["envFrom"] == [{"secretRef": {"name": "claims-secrets"}}]
    secret = re.findall(r"--from-literal=([A-Z_]+)=", (ROOT / "deploy" / "kustomization.yaml").read_text())
    return {
        **dict.fromkeys(secret, "(secret)"),
        **{variable["name"]: variable["value"] for variable in container["env"]},
    }


def test_the_settings_are_read_from_these_variables():
    assert REDIS_SETTINGS == ["REST_REDIS_URL", "SOCKETIO_REDIS_URL", "WECHAT_REDIS_URL"]
    assert {"CLAIMS_API_URL", "CLAIMS_API_SERVICE_KEY", "WECHAT_TOKEN", "WECHAT_AES_KEY"} <= set(SETTINGS)


def test_compose_and_kubernetes_set_every_setting_of_rasa():
    for environment in (compose_rasa_environment(), kubernetes_rasa_environment()):
        assert set(SETTINGS) - OPTIONAL - set(environment) == set()


def test_each_redis_store_has_a_database_of_its_own():
    for environment in (compose_rasa_environment(), kubernetes_rasa_environment()):
        databases = [environment[name].rsplit("/", 1)[1] for name in REDIS_SETTINGS]
        # Database 3 holds the claims API's rate limits (RATE_LIMIT_STORAGE_URL).
        assert sorted({*databases, "3"}) == sorted([*databases, "3"])
