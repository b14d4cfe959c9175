"""Each client fixture runs its tests twice: with the sync client and with the async one."""

from __future__ import annotations

from typing import Any

import pytest
from provisionkit.fake import Fake

from tests.helpers import clients

KINDS = [pytest.param("sync", id="sync"), pytest.param("async", id="async")]


@pytest.fixture(params=KINDS)
def mw(request: pytest.FixtureRequest, fake: Fake, runtime: Any) -> Any:
    return clients.mittwald(request.param, fake, runtime)


@pytest.fixture(params=KINDS)
def fd(request: pytest.FixtureRequest, fake: Fake, runtime: Any) -> Any:
    return clients.foundry(request.param, fake, runtime)
