"""Two WeChat channel replicas sharing Redis: a retry on the other replica is dropped, a digit reply there picks."""

import asyncio

import pytest

from bot.channels.expiring_store import ExpiringStore, MemoryStore, RedisStore
from bot.channels.wechat import WeChatInput
from tests.bot.channels.conftest import APP_ID, APP_SECRET, TOKEN, ChannelServer
from tests.bot.channels.wechat_requests import text_xml
from tests.conftest import free_port

FOLLOWER = "oX7Lz0follower-replicas"


@pytest.fixture
def replicas(redis_url, wechat_api, agent, monkeypatch):
    monkeypatch.setenv("WECHAT_TOKEN", TOKEN)
    monkeypatch.setenv("WECHAT_APP_ID", APP_ID)
    monkeypatch.setenv("WECHAT_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("WECHAT_API_BASE_URL", wechat_api.url)
    monkeypatch.setenv("WECHAT_REDIS_URL", redis_url)
    with (
        ChannelServer(WeChatInput.from_credentials(None), agent) as first,
        ChannelServer(WeChatInput.from_credentials(None), agent) as second,
    ):
        yield first, second


def test_a_retry_reaching_the_other_replica_is_processed_once(replicas, agent, wechat_api):
    first, second = replicas
    retried = text_xml(FOLLOWER, "查一下我的理赔进度", msg_id=6054768590064715555)

    answers = [replica.post_signed(retried) for replica in (first, second, first, second)]
    second.post_signed(text_xml(FOLLOWER, "谢谢"))

    assert [(answer.status_code, answer.text) for answer in answers] == [(200, "success")] * 4
    assert wechat_api.wait_for_texts(FOLLOWER, 2) == ["收到：查一下我的理赔进度", "收到：谢谢"]
    assert [message.text for message in agent.received] == ["查一下我的理赔进度", "谢谢"]


def test_a_digit_reply_on_the_other_replica_picks_the_option_shown_by_the_first(replicas, agent, wechat_api):
    first, second = replicas
    agent.script["我想报案"] = [
        {"text": "有人受伤吗？", "buttons": [{"title": "是", "payload": "是"}, {"title": "否", "payload": "否"}]}
    ]

    first.post_signed(text_xml(FOLLOWER, "我想报案"))
    assert wechat_api.wait_for_texts(FOLLOWER, 1) == ["有人受伤吗？\n回复 1：是；回复 2：否"]
    second.post_signed(text_xml(FOLLOWER, "2"))

    assert wechat_api.wait_for_texts(FOLLOWER, 2)[1:] == ["收到：否"]
    assert [message.text for message in agent.received] == ["我想报案", "否"]


def test_stored_state_expires_after_its_time_to_live(redis_url):
    asyncio.run(expires_after_its_time_to_live(MemoryStore()))
    asyncio.run(expires_after_its_time_to_live(RedisStore(redis_url)))


async def expires_after_its_time_to_live(store: ExpiringStore) -> None:
    assert await store.add("wechat:delivery:expiring", "1", ttl_seconds=1) is True
    assert await store.add("wechat:delivery:expiring", "1", ttl_seconds=1) is False
    await store.put("wechat:options:expiring", '["是"]', ttl_seconds=1)
    assert await store.get("wechat:options:expiring") == '["是"]'
    await asyncio.sleep(1.2)
    assert await store.get("wechat:options:expiring") is None
    assert await store.add("wechat:delivery:expiring", "1", ttl_seconds=1) is True


def test_without_redis_a_delivery_counts_as_new_and_options_are_not_kept():
    asyncio.run(without_redis())


async def without_redis() -> None:
    unreachable = RedisStore(f"redis://127.0.0.1:{free_port()}/0")
    assert await unreachable.add("wechat:delivery:x", "1", 300) is True
    await unreachable.put("wechat:options:x", '["是"]', 300)
    assert await unreachable.get("wechat:options:x") is None
