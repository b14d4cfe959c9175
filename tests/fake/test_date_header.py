"""The fake's `Date` header tells its own clock, the clock its `createdAt` times come from: a
client settling an unknown create compares the two (reconciling.py), so they must agree."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import httpx
from provisionkit.fake import Fake, ManualClock
from provisionkit.fake.world import EPOCH

from tests.helpers import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_every_api_answer_carries_the_fakes_own_time_even_an_error() -> None:
    clock = ManualClock()
    with (
        Fake(clock=clock) as fake,
        httpx.Client(base_url="http://f", transport=fake.sync_transport(), headers=AUTH) as http,
    ):
        clock.advance(3600.0)
        ok = http.get("/v2/servers")
        refused = http.get("/v2/servers", headers={"Authorization": ""})
    assert ok.status_code == 200
    assert refused.status_code == 401
    for response in (ok, refused):
        assert parsedate_to_datetime(response.headers["date"]) == EPOCH.replace(hour=1)
        assert len(response.headers.get_list("date")) == 1


def test_a_created_project_was_created_at_the_date_its_answer_says() -> None:
    clock = ManualClock()
    with (
        Fake(clock=clock) as fake,
        httpx.Client(base_url="http://f", transport=fake.sync_transport(), headers=AUTH) as http,
    ):
        clock.advance(120.0)
        server = fake.fixtures.mittwald_server
        created = http.post(f"/v2/servers/{server}/projects", json={"description": "dated"})
        listed = http.get("/v2/projects", params={"serverId": server, "searchTerm": "dated"})
    (item,) = listed.json()
    date = parsedate_to_datetime(created.headers["date"])
    assert date.isoformat().replace("+00:00", "Z") == item["createdAt"].replace(".000", "")
