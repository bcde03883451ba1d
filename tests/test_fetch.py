"""Fetching against a local server: loopback refusal, redirects, the total deadline and the byte caps."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from urllib.parse import parse_qs, urlparse

import pytest

from contrast.errors import InputError
from contrast.ingest import fetch as fetch_module
from contrast.ingest.fetch import FetchLimits, fetch

PAGE = b"<html><body><p>The ministry said the convoy had arrived.</p></body></html>"
BOMB = gzip.compress(b"\0" * 30_000_000)  # 30 KB on the wire, 30 MB decompressed
LOCAL = FetchLimits(timeout=5, allow_private=True)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlparse(self.path)
        self.server.paths.append(url.path)
        if url.path == "/page":
            self._send(PAGE)
        elif url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", parse_qs(url.query)["to"][0])
            self.end_headers()
        elif url.path == "/drip":
            self.send_response(200)
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.25)
        elif url.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", "5000000000")
            self.end_headers()
            self.wfile.write(b"x" * 1000)
        elif url.path == "/bomb":
            self._send(BOMB, encoding="gzip")
        elif url.path == "/long":  # no Content-Length: the cap must count what arrives
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 50_000)
        else:
            self.send_error(404)

    def _send(self, body: bytes, *, encoding: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    """A server on loopback; `server.paths` records what was asked of it."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.paths = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"
    yield httpd
    httpd.shutdown()


@pytest.fixture
def loopback_host_is_public(monkeypatch):
    """Only 127.0.0.1 counts as public, so a first hop reaches the test server and later hops are checked."""
    monkeypatch.setattr(fetch_module, "_is_public", lambda address: address == "127.0.0.1")


def test_fetch_reads_page_with_private_urls_allowed(server):
    assert fetch(f"{server.base}/page", limits=LOCAL) == PAGE


def test_fetch_refuses_loopback_without_asking_it(server):
    server.paths.clear()
    with pytest.raises(InputError, match=r"refused to connect to 127\.0\.0\.1 .*pass --allow-private-urls"):
        fetch(f"{server.base}/page")
    assert server.paths == []


@pytest.mark.parametrize("target", ["http://127.0.0.2:{port}/page", "http://[::1]:{port}/page"])
def test_fetch_refuses_redirect_to_private_address(server, loopback_host_is_public, target):
    server.paths.clear()
    hop = target.format(port=server.server_port)
    with pytest.raises(InputError, match=r"refused to connect to (127\.0\.0\.2|::1)"):
        fetch(f"{server.base}/redirect?to={hop}")
    assert server.paths == ["/redirect"]


def test_fetch_follows_redirect_to_allowed_address(server, loopback_host_is_public):
    assert fetch(f"{server.base}/redirect?to={server.base}/page") == PAGE


def test_fetch_refuses_redirect_out_of_http(server):
    with pytest.raises(InputError, match="a redirect left http"):
        fetch(f"{server.base}/redirect?to=file:///etc/passwd", limits=LOCAL)


def test_fetch_slow_drip_stops_at_total_deadline(server):
    started = time.monotonic()
    with pytest.raises(InputError, match=r"no complete answer within 1\.5 s; raise --fetch-timeout"):
        fetch(f"{server.base}/drip", limits=FetchLimits(timeout=1.5, allow_private=True))
    assert time.monotonic() - started < 3


def test_fetch_refuses_huge_content_length_before_reading(server):
    with pytest.raises(InputError, match="the page is 5,000,000,000 bytes, over the 5,000,000-byte cap"):
        fetch(f"{server.base}/huge", limits=LOCAL)


def test_fetch_caps_bytes_on_the_wire(server):
    with pytest.raises(InputError, match="over the 10,000-byte download cap; raise --max-download-bytes"):
        fetch(f"{server.base}/long", limits=FetchLimits(timeout=5, max_bytes=10_000, allow_private=True))


def test_fetch_caps_gzip_bomb_after_decompression(server):
    with pytest.raises(InputError, match="decompresses to over 5,000,000 bytes; raise --max-page-bytes"):
        fetch(f"{server.base}/bomb", limits=LOCAL)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[::1/", "not a valid URL"),
        ("http://xn--a.com/", "not a valid URL"),
        ("http://a\u2488b.com/", "not a valid URL"),
        ("ftp://example.org/", "only http and https URLs"),
        ("http:///path", "only http and https URLs"),
    ],
)
def test_fetch_invalid_url_is_one_line_error(url, message):
    with pytest.raises(InputError, match=message):
        fetch(url)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("240.0.0.1", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
    ],
)
def test_fetch_public_addresses(address, public):
    assert fetch_module._is_public(address) is public
