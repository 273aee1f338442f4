"""Every exercise as ``coachkit.widgets`` hands it out: broken content named, answer boxes limited in the browser.

An exercise whose content files are broken shows what to fix, not Voilà's "error when executing cell".

``coachkit.widgets`` hands out each widget class through :func:`content_checked`: building the widget reads its
content files; if one breaks its schema (:class:`coachkit.content.ContentInvalid`), the app shows the same list as
``coachkit validate`` and the home page — file, entry, field, what is wrong — and what to do.
"""

from __future__ import annotations

import logging
from functools import cache
from html import escape

import ipywidgets as w

from coachkit import render
from coachkit.config import MAX_PASTE_CHARS
from coachkit.content import ContentInvalid

log = logging.getLogger("coachkit")


def content_problem(exc: ContentInvalid) -> w.HTML:
    """The page shown instead of an exercise whose content is broken."""
    items = "".join(f"<li>{escape(str(error))}</li>" for error in exc.errors) or f"<li>{escape(str(exc))}</li>"
    box = w.HTML(render.message("This exercise cannot open: the kit's content files have errors. Tell your "
                                "facilitator; whoever runs the kit fixes them (`coachkit validate` lists them).",
                                warn=True) + f'<ul class="ck-content-errors">{items}</ul>',
                 layout=w.Layout(max_width="860px"))
    box.add_class("ck-content-error")
    return box


def limit_pastes(widget: w.Widget) -> None:
    """Mark every answer box of an exercise with the browser's limit (``MAX_PASTE_CHARS``): the kit's template sets
    it as the box's ``maxlength``, so a pasted document never reaches the websocket."""
    if isinstance(widget, w.Textarea):
        widget.add_class(f"ck-limit-{MAX_PASTE_CHARS}")
    for child in getattr(widget, "children", ()):
        limit_pastes(child)


@cache
def content_checked(cls: type) -> type:
    """``cls``, built so that broken content gives :func:`content_problem` instead of raising into the page."""

    def __new__(klass, *args, **kwargs):
        self = super(checked, klass).__new__(klass, *args, **kwargs)
        try:
            cls.__init__(self, *args, **kwargs)
        except ContentInvalid as exc:
            log.error("content errors, exercise %s not opened:\n%s", cls.__name__, exc)
            if getattr(self, "comm", None) is not None:
                self.close()
            return content_problem(exc)  # not an instance of the class: Python does not call __init__ again
        limit_pastes(self)
        return self

    def __init__(self, *args, **kwargs):
        """Built in ``__new__``."""

    checked = type(cls.__name__, (cls,), {"__new__": __new__, "__init__": __init__, "__module__": cls.__module__,
                                          "__doc__": cls.__doc__})
    return checked
