"""The benchmark counts only pages served, and its varying search sends valid requests."""

import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest

from bench.management.commands import run_bench

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8150/recommandations/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   300.55ms  204.65ms 864.42ms   66.12%
  Latency Distribution
     50%  241.54ms
     75%  400.00ms
     90%  600.00ms
     99%    1.20s
  250 requests in 5.00s, 16.03MB read
  Socket errors: connect 0, read 0, write 0, timeout 10
  Non-2xx or 3xx responses: 40
Requests/sec:     50.00
Transfer/sec:      3.21MB
"""


def test_an_answer_that_is_not_a_page_is_not_counted_as_served(monkeypatch):
    def fake_run(command, **kwargs):
        return subprocess.CompletedProcess(command, 0, stdout=WRK_OUTPUT, stderr="")

    monkeypatch.setattr(run_bench.subprocess, "run", fake_run)
    rate, p50, p99, errors = run_bench.wrk_run("http://x/", {}, 5, 8, 2)
    # wrk says 50 req/s, but 40 refusals and 10 time-outs were among the 250.
    assert errors == 50
    assert rate == 40.0
    assert (p50, p99) == (241.54, 1200.0)


def test_the_varying_search_sends_its_words_percent_encoded():
    # gunicorn refuses a request line with raw accented letters (400), which wrk would count.
    script = run_bench.search_script()
    words = script.split("{", 1)[1].split("}", 1)[0]
    assert words.isascii()
    assert '"' + "qualit%C3%A9" + '"' in words
    assert "qualité" in [unquote(word.strip(' "')) for word in words.split(",")]


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk, the benchmark's tool, is not here")
def test_no_two_requests_of_the_varying_search_are_alike(tmp_path):
    # A repeated address would be served from the page cache: the search would look faster
    # than it is. Two runs of two threads, as `make bench` does, against a server that notes
    # every address asked.
    paths = []

    class Recorder(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for run in range(2):
            script = tmp_path / f"search-{run}.lua"
            script.write_text(run_bench.search_script())
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            run_bench.wrk_run(url, {}, 1, 4, 2, str(script))
    finally:
        server.shutdown()
        server.server_close()
    assert len(paths) > 100
    assert all(path.startswith("/recommandations/?q=") for path in paths)
    assert len(set(paths)) == len(paths)
