"""coachkit.config: the kit folder and the content folder."""

from __future__ import annotations

from pathlib import Path

from coachkit.config import PROJECT_DIR, data_dir, kit_dir

ROOT = Path(__file__).resolve().parents[1]


def test_kit_is_the_checkout_by_default(monkeypatch):
    """Without $COACHKIT_HOME the checkout the package runs from is the kit."""
    monkeypatch.delenv("COACHKIT_HOME", raising=False)
    monkeypatch.delenv("COACHKIT_DATA", raising=False)
    assert kit_dir() == PROJECT_DIR == ROOT
    assert data_dir() == ROOT / "data"


def test_kit_named_by_the_environment(monkeypatch, tmp_path):
    """$COACHKIT_HOME names the kit; $COACHKIT_DATA still overrides its data folder alone."""
    monkeypatch.setenv("COACHKIT_HOME", str(tmp_path))
    monkeypatch.delenv("COACHKIT_DATA", raising=False)
    assert kit_dir() == tmp_path.resolve() and data_dir() == tmp_path.resolve() / "data"
    monkeypatch.setenv("COACHKIT_DATA", str(tmp_path / "elsewhere"))
    assert data_dir() == tmp_path / "elsewhere"


def test_installed_package_without_a_checkout_uses_the_working_folder(monkeypatch, tmp_path):
    """A package installed from a wheel (no kit beside it) takes the working folder as the kit."""
    from coachkit import config

    monkeypatch.delenv("COACHKIT_HOME", raising=False)
    monkeypatch.setattr(config, "PROJECT_DIR", tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    assert config.kit_dir() == tmp_path
