"""HTTP client for the claims API (the system of record)."""

import asyncio
from typing import Any, Dict, List, Optional

import httpx

from actions.settings import ActionsSettings

DEFAULT_TIMEOUT_SECONDS = 5.0
# Built once: building a TLS context for every request took most of the action server's time per API call.
TLS_CONTEXT = httpx.create_ssl_context()
# Below the 5 s after which the claims API (uvicorn) closes an idle connection, so no request goes out on one it closes.
IDLE_CONNECTION_SECONDS = 2.0

_clients: Dict[asyncio.AbstractEventLoop, httpx.AsyncClient] = {}


def shared_client() -> httpx.AsyncClient:
    """This event loop's HTTP client, kept open so that calls reuse connections.

    A new client for every call cost about 2 ms of the action server's time and a new TCP connection; a report turn
    makes three calls.
    """
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None or client.is_closed:
        for stale in [other for other in _clients if other.is_closed()]:
            del _clients[stale]
        client = httpx.AsyncClient(
            timeout=DEFAULT_TIMEOUT_SECONDS,
            verify=TLS_CONTEXT,
            limits=httpx.Limits(keepalive_expiry=IDLE_CONNECTION_SECONDS),
        )
        _clients[loop] = client
    return client


class ClaimsApiUnavailable(Exception):
    """The claims API could not be reached or answered with a server error."""


class ClaimNotFound(Exception):
    """The API knows no such claim, or the phone did not prove it is the claimant's (one answer for both)."""


class ClaimsApiRejected(Exception):
    """The API refused the request (4xx); `detail` is its Chinese explanation and `code` its stable code."""

    def __init__(self, status_code: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.code = code
        self.detail = detail


class ClaimsApiClient:
    """Calls the claims API with the action server's service key."""

    def __init__(self, base_url: Optional[str] = None, service_key: Optional[str] = None) -> None:
        settings = ActionsSettings.from_environment()
        self.base_url = (base_url or settings.claims_api_url).rstrip("/")
        self.service_key = service_key or settings.claims_api_service_key

    async def _request(self, method: str, path: str, payload: Optional[Dict[str, Any]] = None) -> Any:
        try:
            response = await shared_client().request(
                method, self.base_url + path, json=payload, headers={"X-Service-Key": self.service_key}
            )
        except httpx.HTTPError as error:
            raise ClaimsApiUnavailable(str(error)) from error
        if response.status_code >= 500:
            raise ClaimsApiUnavailable(f"{path} answered {response.status_code}")
        if response.status_code == 404:
            raise ClaimNotFound(path)
        if response.status_code >= 400:
            body = response.json()
            raise ClaimsApiRejected(response.status_code, body.get("code", ""), body.get("detail", ""))
        return response.json()

    async def _post(self, path: str, payload: Dict[str, Any]) -> Any:
        return await self._request("POST", path, payload)

    async def compute_deadlines(self, accident_time: str, **facts: bool) -> Dict[str, Any]:
        """The deadlines that run from the accident time, as the API computes them."""
        return await self._post("/api/v1/deadlines", {"accident_time": accident_time, **facts})

    async def report_claim(self, report: Dict[str, Any]) -> Dict[str, Any]:
        """Record an accident report; the answer carries the new claim number."""
        return await self._post("/api/v1/claims", report)

    async def verify_claimant(self, claim_number: str, phone: str) -> Dict[str, Any]:
        """The claimant's view of their claim once the phone (or its last 4 digits) matches."""
        return await self._post(f"/api/v1/claims/{claim_number}/verify", {"phone": phone})

    async def schedule_followup(self, followup: Dict[str, Any]) -> Dict[str, Any]:
        """Schedule a proactive nudge (call-back, reminder) to a conversation."""
        return await self._post("/api/v1/followups", followup)

    async def followups_of(self, claim_number: str, kind: str) -> List[Dict[str, Any]]:
        """The nudges of this kind scheduled about the claim, whatever their status."""
        return (await self._request("GET", f"/api/v1/followups?claim_number={claim_number}&kind={kind}"))["items"]

    async def open_handoff(self, handoff: Dict[str, Any]) -> Dict[str, Any]:
        """Open (or reuse) the human-handoff ticket of a conversation."""
        return await self._post("/api/v1/handoffs", handoff)

    async def request_advance_payment(self, claim_number: str, request: Dict[str, Any]) -> Dict[str, Any]:
        """Ask the insurer to advance treatment costs to a hospital."""
        return await self._post(f"/api/v1/claims/{claim_number}/advance-payments", request)

    async def materials_checklist(self, facts: Dict[str, bool]) -> List[Dict[str, Any]]:
        """The papers a case with these facts needs, grouped and in order."""
        return (await self._post("/api/v1/materials/checklist", facts))["items"]

    async def estimate_settlement(self, case: Dict[str, Any]) -> Dict[str, Any]:
        """The API's settlement estimate for one injured person."""
        return await self._post("/api/v1/settlement/estimate", case)

    async def claim_materials(self, claim_number: str) -> List[Dict[str, Any]]:
        """The claim's checklist with what has arrived (status required, received or waived)."""
        return await self._request("GET", f"/api/v1/claims/{claim_number}/materials")

    async def opt_out_of_reminders(self, conversation_id: str) -> Dict[str, Any]:
        """Record that a conversation wants no more reminders; the API cancels those already scheduled."""
        return await self._post(f"/api/v1/preferences/{conversation_id}/opt-out", {})
