"""A local HTTP server for the feed tests (no internet): serves documents set per path,
answers 304 to a matching If-None-Match, redirects the paths told to, and counts requests."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FeedServer:
    def __init__(self, httpd: ThreadingHTTPServer) -> None:
        self.httpd = httpd
        self.documents: dict[str, tuple[int, str, bytes]] = {}
        self.redirects: dict[str, str] = {}
        self.requests: list[str] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def serve(self, path: str, body: str, *, status: int = 200,
              content_type: str = "application/rss+xml") -> str:
        self.documents[path] = (status, content_type, body.encode())
        return self.url(path)

    def redirect(self, path: str, location: str) -> str:
        self.redirects[path] = location
        return self.url(path)


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    server: FeedServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
            server.requests.append(self.path)
            if self.path in server.redirects:
                self.send_response(302)
                self.send_header("Location", server.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, content_type, body = server.documents.get(self.path, (404, "text/plain", b""))
            etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server = FeedServer(httpd)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()


def rss(*items: tuple[str, str, str]) -> str:
    """An RSS 2.0 document; each item is (guid, title, link)."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>{link}</link>"
        f"<description>&lt;p&gt;网友反映：{title}&lt;/p&gt;</description>"
        "<pubDate>Tue, 05 Mar 2024 08:30:00 +0800</pubDate></item>"
        for guid, title, link in items
    )
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>融媒体</title><link>http://news.example/</link>{entries}</channel></rss>")


def atom(*items: tuple[str, str, str]) -> str:
    """An Atom 1.0 document; each item is (id, title, link)."""
    entries = "".join(
        f"<entry><id>{guid}</id><title>{title}</title><link href=\"{link}\"/>"
        f"<summary>网友留言：{title}</summary><updated>2024-03-05T08:30:00+08:00</updated></entry>"
        for guid, title, link in items
    )
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>网络舆情</title><id>urn:tongxin:test</id>"
            f"<updated>2024-03-05T08:30:00+08:00</updated>{entries}</feed>")
