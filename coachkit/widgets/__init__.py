"""Exercise widgets: thin ipywidgets views over the plain-Python logic of the kit.

Each widget builds its controls, forwards clicks to a session or model object and shows the
HTML that :mod:`coachkit.render` makes. Testable without a browser: set ``.answer.value``, call
``.check.click()``, read ``.feedback.value``.

Widgets are imported on first use, so an app loads only the libraries its own widget needs.
"""

from __future__ import annotations

import importlib

from coachkit.widgets._quiet_kernel import quiet_kernel

quiet_kernel()  # a crafted widget message gets a one-line error, never a traceback (see _quiet_kernel)

#: Public widget name -> private module that defines it.
_WHERE = {
    "FreeTextExercise": "_free_text",
    "SpotTheMoveExercise": "_spot",
    "SequenceExercise": "_sequence",
    "RoleplayExercise": "_roleplay",
    "RoleplayDemo": "_roleplay",
    "HeavyOrHelpfulExercise": "_followup",
    "RewriteChaserExercise": "_followup",
    "IdeaMeetingExercise": "_followup",
    "PlannerApp": "_followup",
    "ProjectionOrEmpathyExercise": "_empathy",
    "DiagnoseNoExercise": "_empathy",
    "RewriteProjectionExercise": "_empathy",
    "ClientFrameExercise": "_empathy",
    "FirstHelloExercise": "_empathy",
    "AllianceCheck": "_empathy",
    "Dashboard": "_dashboard",
    "MyProgress": "_dashboard",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        from coachkit.widgets._content_checked import content_checked

        quiet_kernel()  # again here: a kernel forked from the template imported this module before it was a kernel

        return content_checked(getattr(importlib.import_module(f"coachkit.widgets.{_WHERE[name]}"), name))
    raise AttributeError(f"module 'coachkit.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
