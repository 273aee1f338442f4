"""Routes of Jupyter Server and Voilà that the learners' server answers plainly instead of with an error.

The learners' server has no sign-in page (``/login``, ``/logout``: Jupyter Server's own handlers fail there with a
500, as the kit's Voilà template has no page for them) and serves its template's files only by their plain names
(a path to a static file that climbs or hides a slash, ``..%2f``, made Voilà's file handler fail with a 500). Both
get a short page of the kit's own: the first goes back to the home page, the second is "not found".
"""

from __future__ import annotations

from tornado import web

from coachkit.pages import render_page

__all__ = ["quiet_routes"]

#: Encoded or plain ways of climbing out of a folder or hiding a slash in a path.
_CLIMBS = r"(?:\.\.|%2[eE]|%2[fF]|\\|%5[cC])"


class NoSignInHandler(web.RequestHandler):
    """``/login`` and ``/logout``: nobody signs in to the learners' server, so both lead back to the home page."""

    def get(self) -> None:
        self.redirect(self.settings.get("base_url", "/"))

    post = get


class NotFoundHandler(web.RequestHandler):
    """A template or static path that climbs out of its folder: "not found", in the kit's words."""

    def get(self, *args: str) -> None:
        self.set_status(404)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(render_page("refused.html.j2", heading="Nothing here", message="This address does not lead to "
                                "anything of the kit.", home=self.settings.get("base_url", "/")))

    head = post = get


def quiet_routes(base: str) -> list[tuple[str, type]]:
    """The routes above, under the server's base URL (``base`` without its trailing slash)."""
    return [(rf"{base}/(?:login|logout)/?", NoSignInHandler),
            (rf"{base}/voila/(?:templates|static)/.*{_CLIMBS}.*", NotFoundHandler)]
