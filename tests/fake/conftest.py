"""What every fake test shares: a blocking httpx client on the session fake, signed in."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from provisionkit.fake import Fake

from tests.helpers import AUTH


@pytest.fixture
def http(fake: Fake) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url="http://fake", transport=fake.sync_transport(), headers=AUTH
    ) as client:
        yield client
