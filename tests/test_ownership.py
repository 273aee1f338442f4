"""coachkit.ownership: the server checks the workshop and the name of a link before an app's kernel starts."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from tornado import web
from tornado.testing import AsyncHTTPTestCase

from coachkit.identity import identity_from_query
from coachkit.ownership import SEATS_COOKIE, LeaveHandler, WhoAmIHandler, owned, persistent_cookie_secret
from coachkit.roster import create_workshop, release
from coachkit.server import HomeHandler
from coachkit.store import open_store

SECRET = b"x" * 64


class KernelSees(web.RequestHandler):
    """Stands for an app: answers with the identity a kernel would read from the query string."""

    def get(self, path: str) -> None:
        identity = identity_from_query(self.request.query)
        self.finish({"learner": identity.learner, "workshop": identity.workshop, "source": identity.source})


class Browser:
    """A cookie jar and the test's HTTP client: one person's browser."""

    def __init__(self, case: AsyncHTTPTestCase):
        self.case, self.cookies = case, SimpleCookie()

    def fetch(self, path: str, **kwargs):
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())} if self.cookies else {}
        response = self.case.fetch(path, follow_redirects=False, headers=headers, raise_error=False, **kwargs)
        for value in response.headers.get_list("Set-Cookie"):
            self.cookies.load(value)
        return response

    def follow(self, path: str):
        response = self.fetch(path)
        while response.code in (301, 302):
            response = self.fetch(response.headers["Location"])
        return response


@pytest.mark.usefixtures("private_store")
class OwnershipTest(AsyncHTTPTestCase):
    def get_app(self):
        return web.Application([(r"/", HomeHandler), (r"/coachkit/whoami", WhoAmIHandler),
                                (r"/coachkit/leave", LeaveHandler), (r"/voila/render/(.*)", owned(KernelSees))],
                               cookie_secret=SECRET, base_url="/")

    def setUp(self):
        super().setUp()
        create_workshop(open_store(), "ACME-1", "Acme, March")

    def app(self, browser: Browser, query: str):
        return browser.follow(f"/voila/render/exercises/x.ipynb?{query}")

    def test_a_name_is_refused_to_a_second_browser(self):
        """Ana's first browser opens apps as Ana; a second browser typing Ana (in any case) is refused, no app."""
        ana, eve = Browser(self), Browser(self)
        opened = self.app(ana, "workshop=acme%201&learner=Ana")
        self.assertEqual(b'"learner": "Ana"', re.search(rb'"learner": "[^"]*"', opened.body)[0])
        for typed in ("Ana", "ANA", "A%E2%80%8Bna", "%EF%BC%A1na"):
            refused = self.app(eve, f"workshop=ACME-1&learner={typed}")
            self.assertEqual(403, refused.code)
            self.assertIn("already taken in Acme, March", refused.body.decode())
        self.assertEqual(200, self.app(ana, "workshop=ACME-1&learner=ana").code)

    def test_the_kernel_sees_only_the_checked_spelling(self):
        """A link with another spelling or repeated parameters is redirected to the workshop's own spelling first."""
        ana = Browser(self)
        first = ana.fetch("/voila/render/exercises/x.ipynb?workshop=acme-1&learner=Ana")
        self.assertEqual((302, "/voila/render/exercises/x.ipynb?workshop=ACME-1&learner=Ana"),
                         (first.code, first.headers["Location"]))
        eve = Browser(self)
        crafted = eve.fetch("/voila/render/exercises/x.ipynb?workshop=ACME-1&learner=Eve&learner=Ana")
        self.assertEqual("/voila/render/exercises/x.ipynb?workshop=ACME-1&learner=Eve", crafted.headers["Location"])
        self.assertEqual(403, eve.fetch("/voila/render/exercises/x.ipynb?learner=Ana&workshop=ACME-1&learner=Eve").code)

    def test_a_forged_cookie_is_not_a_seat(self):
        """A cookie not signed with the server's secret holds no name."""
        ana, eve = Browser(self), Browser(self)
        self.app(ana, "workshop=ACME-1&learner=Ana")
        stolen_payload = ana.cookies[SEATS_COOKIE].value.split("|")[4]
        eve.cookies[SEATS_COOKIE] = f"2|1:0|10:1796576217|14:{SEATS_COOKIE}|{len(stolen_payload)}:{stolen_payload}|{'0' * 64}"
        self.assertEqual(403, self.app(eve, "workshop=ACME-1&learner=Ana").code)

    def test_the_personal_link_opens_the_name_on_another_device(self):
        """The home page's personal link gives another browser the name; the key never reaches an app's link."""
        ana, phone, eve = Browser(self), Browser(self), Browser(self)
        home = ana.follow("/?workshop=ACME-1&learner=Ana").body.decode()
        link = re.search(r'value="http://[^/]+(/\?[^"]*key=[^"]*)"', home)[1].replace("&amp;", "&")
        arrived = phone.fetch(link)
        self.assertEqual((302, "/?workshop=ACME-1&learner=Ana"), (arrived.code, arrived.headers["Location"]))
        self.assertEqual(200, self.app(phone, "workshop=ACME-1&learner=Ana").code)
        self.assertIn("You are in", phone.follow("/?workshop=ACME-1&learner=Ana").body.decode())
        wrong = eve.follow(link.replace("key=", "key=x"))
        self.assertIn("This personal link does not open", wrong.body.decode())
        self.assertEqual(403, self.app(eve, "workshop=ACME-1&learner=Ana").code)

    def test_whoami_answers_only_the_owner(self):
        """The apps' top bar learns the workshop title and name only for the browser that owns the name."""
        ana, eve = Browser(self), Browser(self)
        self.app(ana, "workshop=ACME-1&learner=Ana")
        self.assertIn(b'"title": "Acme, March"', ana.fetch("/coachkit/whoami?workshop=ACME-1&learner=Ana").body)
        self.assertEqual(b"{}", eve.fetch("/coachkit/whoami?workshop=ACME-1&learner=Ana").body)

    def test_leaving_forgets_the_name_on_this_browser(self):
        """Leave (POST with the xsrf token) goes home self-paced; this browser no longer holds the name."""
        ana = Browser(self)
        home = ana.follow("/?workshop=ACME-1&learner=Ana").body.decode()
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', home)[1]
        self.assertEqual(403, ana.fetch("/coachkit/leave", method="POST",
                                        body=urlencode({"workshop": "ACME-1", "learner": "Ana"})).code)  # no token
        left = ana.fetch("/coachkit/leave", method="POST",
                         body=urlencode({"workshop": "ACME-1", "learner": "Ana", "_xsrf": xsrf}))
        self.assertEqual("/?left=1", left.headers["Location"])
        self.assertIn("You left", ana.follow("/?left=1").body.decode())
        self.assertEqual(403, self.app(ana, "workshop=ACME-1&learner=Ana").code)

    def test_a_released_name_goes_to_the_next_browser(self):
        """After the facilitator frees a name, the old browser is refused and the next one takes it."""
        ana, newcomer = Browser(self), Browser(self)
        self.app(ana, "workshop=ACME-1&learner=Ana")
        workshop = create_workshop(open_store(), "ACME-1", "Acme, March")
        release(open_store(), workshop, "Ana")
        self.assertEqual(200, self.app(newcomer, "workshop=ACME-1&learner=Ana").code)
        self.assertEqual(403, self.app(ana, "workshop=ACME-1&learner=Ana").code)

    def test_unknown_codes_and_missing_names_start_no_app(self):
        """An unknown code gets 404 and a workshop without a name 403, each with a page keeping what was typed."""
        eve = Browser(self)
        unknown = self.app(eve, "workshop=ACME-2&learner=Eve")
        self.assertEqual(404, unknown.code)
        self.assertIn('href="/?workshop=ACME-2&amp;learner=Eve"', unknown.body.decode())
        self.assertEqual(403, self.app(eve, "workshop=ACME-1").code)
        self.assertEqual(403, self.app(eve, "workshop=ACME-1&learner=%E2%80%8B").code)

    def test_self_paced_use_needs_nothing(self):
        """No workshop and no name in the link: the one local learner, no check and no cookie."""
        me = Browser(self)
        self.assertEqual(b'"local"', re.search(rb'"local"', self.app(me, "").body)[0])
        self.assertEqual(200, self.app(me, "workshop=&learner=").code)
        self.assertNotIn(SEATS_COOKIE, me.cookies)

    def test_a_self_paced_name_is_owned_too(self):
        """A name given without a workshop is its first browser's: a crafted link in another browser is refused."""
        zoe, eve = Browser(self), Browser(self)
        self.assertIn(b'"learner": "Zo\\u00e9"', self.app(zoe, "learner=Zo%C3%A9").body)
        self.assertIn(SEATS_COOKIE, zoe.cookies)
        self.assertEqual(403, self.app(eve, "learner=zo%C3%A9").code)
        self.assertEqual(403, self.app(eve, "workshop=&learner=Zo%C3%A9").code)
        redirected = zoe.fetch("/voila/render/exercises/x.ipynb?workshop=&learner=zo%C3%A9")
        self.assertEqual("/voila/render/exercises/x.ipynb?learner=Zo%C3%A9", redirected.headers["Location"])
        self.assertIn("You are working on your own as", zoe.follow("/?learner=Zo%C3%A9").body.decode())

    def test_hub_user_is_the_identity(self):
        """On JupyterHub nothing is checked: the hub's user is the learner."""
        import os

        os.environ["JUPYTERHUB_USER"] = "jdoe"
        try:
            self.assertEqual(200, self.app(Browser(self), "workshop=NOPE&learner=Ana").code)
        finally:
            del os.environ["JUPYTERHUB_USER"]


def test_cookie_secret_is_kept_across_restarts(tmp_path):
    """The key signing the name cookies is made once (0600) and read again at the next start."""
    path = tmp_path / "sub" / "cookie_secret"
    first = persistent_cookie_secret(str(path))
    assert first == persistent_cookie_secret(str(path)) and len(first) == 64
    assert 0o600 == path.stat().st_mode & 0o777
