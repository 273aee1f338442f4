"""The kit's full HTML pages (home page, refusals, the hub's attempts list, the learner's report), from Jinja2
templates in ``coachkit/templates/`` with autoescaping on: any text a learner, a facilitator or a content file
wrote is escaped by the template engine, never by hand."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from coachkit.config import PACKAGE_DIR

__all__ = ["Markup", "TEMPLATES", "render_page"]

#: Where the page templates live (installed with the package).
TEMPLATES = PACKAGE_DIR / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["j2", "html"],
                       default_for_string=True, default=True), undefined=StrictUndefined, trim_blocks=False)


def render_page(name: str, **context: object) -> str:
    """Render ``templates/<name>`` with ``context`` (every value escaped unless it is :class:`Markup`)."""
    return environment().get_template(name).render(**context)
