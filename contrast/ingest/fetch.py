"""Fetching an article URL: the address comes from the user or from a page, so it may point anywhere.

A redirect can lead to this machine or the local network (an admin page, a cloud metadata service), so
every connection, redirects included, is checked where it is made: the host is resolved once, each of
its addresses must be public, and the connection goes to the address that was checked (no second DNS
answer can swap it). A server can also send forever, slowly or in a gzip bomb, so the whole fetch has
one deadline and the body a byte cap on the wire and after decompression.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpcore
import httpx

from contrast.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterable

DEFAULT_TIMEOUT = 20.0  # seconds for the whole fetch, redirects and body included
DEFAULT_MAX_BYTES = 5_000_000  # on the wire (compressed); news pages are well under 2 MB
# After decompression: extracting the text of an HTML page grows faster than its size (2 MB of markup
# takes ~8 s, 8 MB over a minute).
DEFAULT_MAX_DECODED_BYTES = 5_000_000
MAX_REDIRECTS = 10
USER_AGENT = "contrast"


@dataclass(frozen=True, slots=True)
class FetchLimits:
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_decoded_bytes: int = DEFAULT_MAX_DECODED_BYTES
    allow_private: bool = False  # loopback, link-local, private and reserved addresses


DEFAULT_LIMITS = FetchLimits()


def fetch(url: str, *, limits: FetchLimits = DEFAULT_LIMITS) -> bytes:
    """The body of an http(s) URL, or an InputError naming what went wrong and the option that allows it.

    Example::

        fetch("https://example.org/", limits=FetchLimits(timeout=5))[:15]   # b'<!doctype html>'
    """
    _check_url(url)
    outcome: dict[str, bytes | BaseException] = {}
    worker = threading.Thread(target=_download_into, args=(url, limits, outcome), daemon=True)
    worker.start()
    worker.join(limits.timeout)
    if worker.is_alive():
        # The worker stops at its own read timeout; a daemon thread never keeps the process alive.
        raise _too_slow(url, limits)
    result = outcome["result"]
    if isinstance(result, BaseException):
        raise result
    return result


class _RefusedAddress(Exception):
    def __init__(self, host: str, address: str) -> None:
        super().__init__(host, address)
        self.host, self.address = host, address


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Resolves the host itself and connects to a checked address, so redirects and DNS tricks are covered."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from None
        addresses = [str(info[4][0]) for info in infos]
        if not self.allow_private:
            for address in addresses:
                if not _is_public(address):
                    raise _RefusedAddress(host, address)
        return super().connect_tcp(
            addresses[0], port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _check_url(url: str) -> None:
    try:
        parsed = httpx.URL(url)
        host = parsed.host  # decodes an IDNA name, which may fail
    except (httpx.InvalidURL, UnicodeError, ValueError) as error:
        raise InputError(f"{url}: not a valid URL ({error}); check the address") from None
    if parsed.scheme not in ("http", "https") or not host:
        raise InputError(f"{url}: only http and https URLs with a host name are fetched")


def _download_into(url: str, limits: FetchLimits, outcome: dict[str, bytes | BaseException]) -> None:
    try:
        outcome["result"] = _download(url, limits)
    except BaseException as error:  # handed to the caller's thread, which raises it
        outcome["result"] = error


def _download(url: str, limits: FetchLimits) -> bytes:
    deadline = time.monotonic() + limits.timeout
    transport = httpx.HTTPTransport(retries=0)
    # httpx has no public hook for the resolver; its connection pool takes one as its network backend.
    transport._pool._network_backend = _PublicOnlyBackend(limits.allow_private)
    client = httpx.Client(
        transport=transport,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=limits.timeout,
        headers={"User-Agent": USER_AGENT},
        trust_env=False,  # a proxy from the environment would connect past the address check
    )
    try:
        with client, client.stream("GET", url) as response:
            response.raise_for_status()
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise InputError(
                    f"{url}: the page is {int(declared):,} bytes, over the {limits.max_bytes:,}-byte cap; "
                    "raise --max-download-bytes to fetch it"
                )
            return _read_capped(url, response, limits, deadline)
    except _RefusedAddress as refused:
        raise InputError(
            f"{url}: refused to connect to {refused.host} ({refused.address}), a loopback, private or reserved "
            "address; pass --allow-private-urls to fetch from this machine or network"
        ) from None
    except httpx.HTTPStatusError as error:
        raise InputError(f"{url}: the server answered {error.response.status_code}") from None
    except (httpx.InvalidURL, UnicodeError) as error:
        raise InputError(f"{url}: a redirect led to an invalid URL ({error})") from None
    except httpx.UnsupportedProtocol:
        raise InputError(f"{url}: a redirect left http(s); only http and https URLs are fetched") from None
    except httpx.HTTPError as error:
        raise InputError(
            f"{url}: cannot fetch it ({type(error).__name__}); check the address and your network"
        ) from None


def _read_capped(url: str, response: httpx.Response, limits: FetchLimits, deadline: float) -> bytes:
    """Decoded chunks until the end, the deadline or a cap: a gzip bomb stops after one chunk past the cap."""
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if response.num_bytes_downloaded > limits.max_bytes:
            raise InputError(
                f"{url}: the page is over the {limits.max_bytes:,}-byte download cap; raise --max-download-bytes"
            )
        if len(body) > limits.max_decoded_bytes:
            raise InputError(
                f"{url}: the page decompresses to over {limits.max_decoded_bytes:,} bytes; raise --max-page-bytes"
            )
        if time.monotonic() > deadline:
            raise _too_slow(url, limits)
    return bytes(body)


def _too_slow(url: str, limits: FetchLimits) -> InputError:
    return InputError(f"{url}: no complete answer within {limits.timeout:g} s; raise --fetch-timeout to wait longer")
