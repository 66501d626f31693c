"""The benchmark counts only pages served, and its varying search sends valid requests."""

import subprocess
from urllib.parse import unquote

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
