"""The scaled-out deployments give every Rasa replica each Redis store it reads, each in a database of its own."""

import re

import yaml

from tests.conftest import ROOT

REDIS_SETTINGS = sorted(set(re.findall(r'"([A-Z_]+_REDIS_URL)"', (ROOT / "bot" / "settings.py").read_text())))


def compose_rasa_environment() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())["x-rasa"]["environment"]


def kubernetes_rasa_environment() -> dict:
    stateful_set = next(
        document
        for document in yaml.safe_load_all((ROOT / "deploy" / "k8s" / "rasa.yaml").read_text())
        if document["kind"] == "StatefulSet"
    )
    container = stateful_set["spec"]["template"]["spec"]["containers"][0]
    return {variable["name"]: variable["value"] for variable in container["env"]}


def test_the_settings_name_the_three_shared_stores():
    assert REDIS_SETTINGS == ["REST_REDIS_URL", "SOCKETIO_REDIS_URL", "WECHAT_REDIS_URL"]


def test_compose_and_kubernetes_set_each_store_in_its_own_database():
    for environment in (compose_rasa_environment(), kubernetes_rasa_environment()):
        urls = [environment.get(name) for name in REDIS_SETTINGS]
        assert None not in urls, f"missing: {[n for n, url in zip(REDIS_SETTINGS, urls) if url is None]}"
        # Database 3 holds the claims API's rate limits (RATE_LIMIT_STORAGE_URL).
        assert len({url.rsplit("/", 1)[1] for url in urls} | {"3"}) == len(urls) + 1
