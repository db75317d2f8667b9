"""Under `make serve`, an error in a content file shows in the browser: each page
requested lists the problems with their places, and the site comes back at the next
good save. Drives a real `mkdocs serve --dirty` over HTTP."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from generator.problems import Problem
from generator.serve_errors import problems_page

from .conftest import FIXTURES, copy_site_sources

WAIT = 90  # seconds at most for the server to start or to rebuild on this shared machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def until(what, url: str) -> tuple[int, str]:
    """Ask for a page until `what` holds of its answer (the server rebuilds in its own time)."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            answer = fetch(url)
        except (urllib.error.URLError, ConnectionError):
            answer = (0, "")
        if what(*answer) or time.monotonic() > deadline:
            return answer
        time.sleep(0.5)


def test_a_content_error_under_serve_is_a_page_listing_it_and_the_site_comes_back(tmp_path):
    config = copy_site_sources(tmp_path, FIXTURES / "councils")
    config.write_text(
        config.read_text().replace("      example_data: true\n", "      example_data: true\n      search: false\n")
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = f"http://127.0.0.1:{port}/councils/fixture-southmoor/"
    try:
        code, html = until(lambda code, html: code == 200, page)
        assert code == 200 and "<h1" in html
        council = tmp_path / "content" / "councils" / "fixture-southmoor.yml"
        good = council.read_text()
        council.write_text(good.replace("region: ", "region: nowhere-", 1))

        code, html = until(lambda code, html: "The content has" in html, page)
        assert "<title>The content has errors</title>" in html
        assert "<code>content/councils/fixture-southmoor.yml:" in html and "unknown region" in html
        other_code, other = fetch(f"http://127.0.0.1:{port}/compare/")  # every page says so
        assert "unknown region" in other

        council.write_text(good)
        code, html = until(lambda code, html: code == 200, page)
        assert code == 200 and "The content has" not in html
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_problems_page_escapes_what_the_content_says():
    problem = Problem("content/councils/x.yml", 3, 7, "name", "unknown field '<script>alert(1)</script>'")
    page = problems_page([problem]).decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<code>content/councils/x.yml:3:7</code> name:" in page
    assert "<h1>The content has 1 error</h1>" in page
