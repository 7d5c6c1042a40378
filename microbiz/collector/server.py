"""How `serve` runs the service under uvicorn: no access log, no trust in proxy headers.

uvicorn by default rewrites the client's address from X-Forwarded-For when the peer is
127.0.0.1; the service decides that itself (`create_app(trusted_proxy=...)`), so uvicorn
is told not to.
"""

from __future__ import annotations

from typing import Any

import uvicorn
from fastapi import FastAPI


def server_config(app: FastAPI, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for the collector; `options` (host, port, ...) are passed on."""
    return uvicorn.Config(app, access_log=False, proxy_headers=False, **options)
