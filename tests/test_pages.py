"""coachkit.pages: the full pages come from autoescaped Jinja2 templates."""

from __future__ import annotations

from datetime import UTC, datetime

from coachkit.ownership import Verdict
from coachkit.pages import Markup, render_page
from coachkit.report import learner_report_html
from coachkit.roster import Workshop
from coachkit.server import home_page
from coachkit.store import AttemptRecord

ATTACK = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_every_value_is_escaped_unless_marked_safe():
    """A value is text in the refusal page; only Markup passes through."""
    page = render_page("refused.html.j2", heading=ATTACK, message=ATTACK, home=ATTACK)
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert "<b>ok</b>" in render_page("refused.html.j2", heading="h", message=Markup("<b>ok</b>"), home="/")


def test_home_page_of_a_joined_learner_escapes_title_and_name():
    """A workshop title and a name holding markup are shown as text in 'You are in … as …' and the links."""
    verdict = Verdict("ok", "W", ATTACK, Workshop("W", ATTACK), learner=ATTACK, secret="s")
    page = home_page("/", "workshop=W&learner=x", verdict=verdict, personal_link="http://h/?key=s",
                     xsrf_form_html='<input type="hidden" name="_xsrf" value="t">')
    assert "<script>" not in page and "<img" not in page
    assert 'class="ck-workshop-title">&#34;&gt;&lt;script&gt;' in page
    assert '<input type="hidden" name="_xsrf" value="t">' in page  # the server's own token form stays markup


def test_refused_link_keeps_what_was_typed_and_drops_it_from_links():
    """A refused code stays in the form and its message shows; the exercise links carry no identity."""
    verdict = Verdict("unknown-code", "ACME-9", "Ana")
    page = home_page("/", "workshop=ACME-9&learner=Ana", verdict=verdict, problem=verdict.message)
    assert 'value="Ana"' in page and 'value="ACME-9"' in page and "No workshop has the code “ACME-9”" in page
    assert "workshop=ACME-9" not in page.split("ck-my-progress")[1]


def test_report_page_is_self_contained_and_escaped():
    """The report keeps its Content-Security-Policy and shows an answer with markup as text."""
    record = AttemptRecord(learner="Ana", exercise="x", answer=ATTACK, score=0.5, passed=False,
                           checks=({"name": ATTACK, "passed": False, "credit": 0.5, "weight": 1, "message": ATTACK},),
                           created=datetime(2026, 1, 2, tzinfo=UTC))
    page = learner_report_html([record], "Ana", "W<1>", titles={"x": ATTACK})
    assert "default-src 'none'" in page and "<script>" not in page and "<img" not in page
    assert "W&lt;1&gt;" in page and '<li class="partial"><b>◐ &#34;&gt;&lt;script&gt;' in page
