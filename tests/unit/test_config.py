"""Building clients: tokens only over https (or to loopback), from the environment, finite timeouts."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    ConfigurationError,
    FoundryClient,
    MittwaldClient,
    ProvisionError,
)
from provisionkit.config import PlainHttpWarning

from tests.helpers import TOKEN

CLIENTS = [
    pytest.param(MittwaldClient, id="mittwald"),
    pytest.param(AsyncMittwaldClient, id="async-mittwald"),
    pytest.param(FoundryClient, id="foundry"),
    pytest.param(AsyncFoundryClient, id="async-foundry"),
]


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    "url", ["http://api.example.com", "http://10.0.0.1:8080", "http://127.0.0.1.evil.example"]
)
def test_token_is_refused_over_plain_http_to_other_hosts(cls: Any, url: str) -> None:
    with pytest.raises(ConfigurationError, match="plain http") as caught:
        cls(TOKEN, base_url=url)
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value)


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"]
)
def test_plain_http_is_allowed_to_loopback(cls: Any, url: str) -> None:
    client = cls(TOKEN, base_url=url)
    assert client.base_url == url


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("url", ["ftp://example.com", "example.com", "https://"])
def test_a_base_url_that_is_not_http_is_a_configuration_error(cls: Any, url: str) -> None:
    with pytest.raises(ConfigurationError):
        cls(TOKEN, base_url=url)


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("token", ["", "   ", "abc\\r\\nX-Injected: 1"])
def test_an_empty_or_multiline_token_is_a_configuration_error(cls: Any, token: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        cls(token.replace("\\r\\n", "\r\n"), base_url="https://api.example.com")
    assert "X-Injected" not in str(caught.value)


@pytest.mark.parametrize("cls", CLIENTS)
def test_the_default_request_timeout_is_finite_and_applies_to_every_phase(cls: Any) -> None:
    client = cls(TOKEN, base_url="https://api.example.com")
    timeout: httpx.Timeout = client._driver.http.timeout
    assert 0 < client.request_timeout < 300
    assert all(
        t is not None and t <= client.request_timeout
        for t in (timeout.connect, timeout.read, timeout.write, timeout.pool)
    )


@pytest.mark.parametrize("cls", CLIENTS)
def test_the_old_constructor_keyword_still_works_for_one_release_with_a_deprecation_warning(
    cls: Any,
) -> None:
    with pytest.warns(DeprecationWarning, match="request_timeout"):
        client = cls(TOKEN, base_url="https://api.example.com", timeout=7)
    assert client.request_timeout == 7.0
    assert client._driver.http.timeout.read == 7.0


BAD_SECONDS = [
    pytest.param(float("nan"), id="nan"),
    pytest.param(-5, id="negative"),
    pytest.param(float("inf"), id="infinite"),
    pytest.param("30", id="string"),
    pytest.param(True, id="bool"),
    pytest.param(None, id="none"),
]


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("value", BAD_SECONDS)
def test_a_request_timeout_that_is_not_a_finite_positive_number_is_a_configuration_error(
    cls: Any, value: Any
) -> None:
    with pytest.raises(ConfigurationError, match="request_timeout"):
        cls(TOKEN, base_url="https://api.example.com", request_timeout=value)


@pytest.mark.parametrize("cls", CLIENTS)
def test_the_repr_names_the_request_timeout_and_never_the_token(cls: Any) -> None:
    text = repr(cls(TOKEN, base_url="https://api.example.com", request_timeout=12))
    assert "request_timeout=12.0" in text
    assert TOKEN not in text


def test_mittwald_from_env_names_the_missing_variable() -> None:
    with pytest.raises(ConfigurationError, match="MITTWALD_API_TOKEN"):
        MittwaldClient.from_env({})


def test_mittwald_from_env_defaults_to_the_public_api() -> None:
    client = MittwaldClient.from_env({"MITTWALD_API_TOKEN": TOKEN})
    assert client.base_url == "https://api.mittwald.de"


def test_foundry_from_env_builds_https_from_the_hostname() -> None:
    client = FoundryClient.from_env({"FOUNDRY_TOKEN": TOKEN, "FOUNDRY_HOSTNAME": "x.example.com"})
    assert client.base_url == "https://x.example.com"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        pytest.param({"FOUNDRY_HOSTNAME": "x.example.com"}, "FOUNDRY_TOKEN", id="no-token"),
        pytest.param({"FOUNDRY_TOKEN": TOKEN}, "FOUNDRY_HOSTNAME", id="no-host"),
    ],
)
def test_foundry_from_env_names_the_missing_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigurationError, match=variable) as caught:
        FoundryClient.from_env(env)
    assert TOKEN not in str(caught.value)


def test_foundry_takes_exactly_one_of_hostname_and_base_url() -> None:
    with pytest.raises(ConfigurationError, match="exactly one"):
        FoundryClient(TOKEN, hostname="x.example.com", base_url="https://x.example.com")
    with pytest.raises(ConfigurationError, match="exactly one"):
        FoundryClient(TOKEN)


def test_redirects_are_not_followed_so_the_token_cannot_travel_elsewhere() -> None:
    sent: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url)
        return httpx.Response(302, headers={"location": "https://evil.example/steal"})

    client = MittwaldClient(
        TOKEN, base_url="https://api.example.com", transport=httpx.MockTransport(handler)
    )
    with pytest.raises(ProvisionError) as caught:
        client.get_project("p-abcdef")
    assert [url.host for url in sent] == ["api.example.com"]
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize("cls", CLIENTS)
def test_plain_http_to_a_host_the_environment_names_is_allowed_with_a_warning(
    cls: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The opt-in for a fake in another container (`provisionkit mock --allow-remote`)."""
    monkeypatch.setenv("PROVISIONKIT_ALLOW_PLAIN_HTTP", "fake, sidecar")
    with pytest.warns(PlainHttpWarning, match="plain http to fake") as warned:
        client = cls(TOKEN, base_url="http://FAKE:8080")
    assert client.base_url == "http://fake:8080"
    assert all(TOKEN not in str(w.message) for w in warned)


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("allowed", ["other", "*", "", " , "])
def test_plain_http_to_a_host_the_environment_does_not_name_is_still_refused(
    cls: Any, allowed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVISIONKIT_ALLOW_PLAIN_HTTP", allowed)
    with pytest.raises(ConfigurationError, match="PROVISIONKIT_ALLOW_PLAIN_HTTP"):
        cls(TOKEN, base_url="http://fake:8080")
