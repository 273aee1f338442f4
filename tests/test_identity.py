"""coachkit.identity: hub user, workshop link, or the local learner."""

from __future__ import annotations

from coachkit.identity import LOCAL_LEARNER, Identity, clean_name, current_identity, identity_from_query


def test_local_learner_by_default():
    """With no hub and no link, the learner is the single local learner."""
    assert Identity(LOCAL_LEARNER, "", "local") == current_identity({})


def test_link_fills_name_and_workshop():
    """?workshop=CODE&learner=NAME identifies a workshop participant."""
    assert Identity("Ana Lima", "ACME-1", "link") == identity_from_query("workshop=ACME-1&learner=Ana+Lima")


def test_hub_user_wins():
    """On JupyterHub the hub's user name is used as is, whatever the link says."""
    env = {"JUPYTERHUB_USER": "jdoe", "QUERY_STRING": "learner=someone&workshop=W"}
    assert Identity("jdoe", "W", "hub") == current_identity(env)


def test_names_are_cleaned():
    """Control characters go, spaces fold, long names are cut."""
    assert "a b" == clean_name(" a" + chr(0) + " " + chr(10) + " b ")
    assert 60 == len(clean_name("x" * 500))


def test_query_carries_identity():
    """The identity's query string carries it to the next app."""
    ident = identity_from_query("workshop=W1&learner=Bo")
    assert ident == identity_from_query(ident.query)
    assert "" == identity_from_query("").query
