"""TLS for a room: with a certificate and its key, the learners' server speaks HTTPS only, and the apps work."""

from __future__ import annotations

import datetime
import ipaddress
import re
import ssl
import urllib.error
import urllib.request
import uuid

import pytest

from coachkit.store import Store

APP = "voila/render/exercises/reformulation/accept_and_explore.ipynb"


def _self_signed(folder):
    """A self-signed certificate for 127.0.0.1 and its key (PEM files), as a room's facilitator would make."""
    crypto = pytest.importorskip("cryptography")  # a test dependency of jupyter_server's stack: present in the venv
    assert crypto
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "coachkit room")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "room.crt", folder / "room.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_the_server_speaks_https_only_and_apps_work(tmp_path, start_server, browser, make_workshop, artifacts):
    """Over HTTPS the home page verifies against the room's certificate, the name cookie is Secure, plain HTTP
    gets no page, and an app opens and answers a check through the encrypted websocket."""
    cert, key = _self_signed(tmp_path)
    store = tmp_path / "tls.sqlite"
    code = make_workshop(store, "TLS-1", "Encrypted room")
    # with preheating asked for, the server turns it off under TLS (a preheated kernel would wait for its page's
    # identity over ws:// on a port that now speaks only TLS), and the app below still gets its learner
    with start_server(store, f"--CoachkitVoila.certfile={cert}", f"--CoachkitVoila.keyfile={key}",
                      "--VoilaConfiguration.preheat_kernel=True", log_name="voila-tls") as url:
        assert url.startswith("https://")
        trusted = ssl.create_default_context(cafile=str(cert))
        with urllib.request.urlopen(url + f"?workshop={code}&learner=Ana", context=trusted, timeout=30) as response:
            assert "You are in Encrypted room as Ana." in re.sub(r"<[^>]+>", "", response.read().decode())
        with urllib.request.urlopen(urllib.request.Request(url + f"?workshop={code}&learner=Bo"), context=trusted,
                                    timeout=30) as response:
            cookies = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("coachkit-seats=")]
            assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies)
        with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):  # an untrusted client refuses it
            urllib.request.urlopen(url, context=ssl.create_default_context(), timeout=30)
        with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):  # no clear text on the TLS port
            urllib.request.urlopen(url.replace("https://", "http://"), timeout=5).read()

        context = browser.new_context(ignore_https_errors=True)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("https://127.0.0.1")
                      else route.abort())
        page = context.new_page()
        page.set_default_navigation_timeout(120_000)
        try:
            page.goto(url + APP + f"?workshop={code}&learner=Cy{uuid.uuid4().hex[:4]}")
            page.wait_for_selector(".ck-check", timeout=90_000)
            page.fill(".ck-answer textarea", "I hear you. What matters most to you?")
            page.click(".ck-check")
            page.wait_for_selector(".ck-save-status :text('Saved')", timeout=15_000)
            page.close(run_before_unload=True)
        finally:
            context.close()
    assert "kernel preheating is off while serving HTTPS" in (artifacts / "voila-tls.log").read_text()
    db = Store(f"sqlite:///{store}")
    try:
        assert [("TLS-1", True)] == [(r.workshop, r.learner.startswith("Cy")) for r in db.attempts()]
    finally:
        db.close()
