"""The facilitator's server: token rules that apply before it starts, and the constant-time check."""

import os
import subprocess
import sys
from pathlib import Path

from coachkit.facilitator_auth import MIN_TOKEN_CHARS, same

ROOT = Path(__file__).parents[1]


def test_a_short_token_set_by_hand_is_refused():
    """A token shorter than MIN_TOKEN_CHARS in $COACHKIT_FACILITATOR_TOKEN stops the server with a message."""
    env = {**os.environ, "COACHKIT_FACILITATOR_TOKEN": "short"}
    done = subprocess.run([sys.executable, "-m", "coachkit.facilitate", "--port=0", "--no-browser"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"at least {MIN_TOKEN_CHARS} characters" in done.stdout + done.stderr
    assert "short" not in (done.stdout + done.stderr).replace("shorter", "")


def test_the_token_is_compared_whole():
    """Only the exact token matches; empty, prefix and longer strings do not."""
    token = "a" * 20 + "-secret"
    assert same(token, token)
    assert not same("", token) and not same(token[:-1], token) and not same(token + "x", token) and not same(None, token)


def test_log_lines_lose_their_secrets():
    """Tornado's HTTP-error warning keeps the address but not the token, the xsrf value or a password."""
    import logging

    from coachkit.facilitator_auth import ScrubTokens

    record = logging.LogRecord("tornado.general", logging.WARNING, __file__, 1,
                               "%d %s: %s", (403, "GET /voila/x?a=1&token=abc123&_xsrf=zz (127.0.0.1)", "refused"), None)
    ScrubTokens().filter(record)
    line = record.getMessage()
    assert "abc123" not in line and "zz " not in line and "/voila/x?a=1&token=[secret]" in line and "refused" in line
