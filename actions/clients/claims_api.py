"""HTTP client for the claims API (the system of record)."""

import os
from typing import Any, Dict, Optional

import httpx

DEFAULT_TIMEOUT_SECONDS = 5.0


class ClaimsApiUnavailable(Exception):
    """The claims API could not be reached or answered with a server error."""


class ClaimsApiClient:
    """Calls the claims API with the action server's service key."""

    def __init__(self, base_url: Optional[str] = None, service_key: Optional[str] = None) -> None:
        self.base_url = (base_url or os.environ.get("CLAIMS_API_URL", "http://localhost:8000")).rstrip("/")
        self.service_key = service_key or os.environ.get("CLAIMS_API_SERVICE_KEY", "dev-service-key")

    async def _post(self, path: str, payload: Dict[str, Any]) -> Dict[str, Any]:
        try:
            async with httpx.AsyncClient(base_url=self.base_url, timeout=DEFAULT_TIMEOUT_SECONDS) as client:
                response = await client.post(path, json=payload, headers={"X-Service-Key": self.service_key})
        except httpx.HTTPError as error:
            raise ClaimsApiUnavailable(str(error)) from error
        if response.status_code >= 500:
            raise ClaimsApiUnavailable(f"{path} answered {response.status_code}")
        response.raise_for_status()
        return response.json()

    async def compute_deadlines(self, accident_time: str) -> Dict[str, Any]:
        """The deadlines that run from the accident time, as the API computes them."""
        return await self._post("/api/v1/deadlines", {"accident_time": accident_time})
