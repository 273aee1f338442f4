"""Exercise widgets: thin ipywidgets views over the sessions in :mod:`coachkit.practice`.

Each widget builds its controls, forwards clicks to the session and shows the HTML that
:mod:`coachkit.render` makes. Testable without a browser: set ``.answer.value``, call
``.check.click()``, read ``.feedback.value``.
"""

from coachkit.widgets._free_text import FreeTextExercise
from coachkit.widgets._spot import SpotTheMoveExercise

__all__ = ["FreeTextExercise", "SpotTheMoveExercise"]
