"""Shared by the tests of how the kit reads an answer as a coach does: a result's checks as shares of their weight."""


def shares(result):
    """Each check's credit as a share of its weight, rounded to two places, by check name."""
    return {c.name: round(c.credit / c.weight, 2) for c in result.checks}
