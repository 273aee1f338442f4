"""coachkit: interactive Jupyter workbooks that train reformulation, empathy framing and follow-up planning."""

__version__ = "0.1.0"

__all__ = ["__version__"]
