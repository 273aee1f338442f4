"""coachkit.compiled_templates: Voilà's page templates compiled once per server, the pages unchanged."""

from __future__ import annotations

from jinja2 import DictLoader, Environment
from voila.exporter import VoilaExporter
from voila.paths import collect_template_paths

from coachkit import compiled_templates
from coachkit.server import TEMPLATE_ROOT


def _templates(monkeypatch, compiled: list) -> list:
    """The kit's page template and those it extends, through a new VoilaExporter (Voilà makes one per page)."""
    monkeypatch.setenv("JUPYTER_PATH", str(TEMPLATE_ROOT))
    exporter = VoilaExporter(template_paths=collect_template_paths(["voila", "nbconvert"], "coachkit"),
                             template_name="coachkit", base_url="/", theme="light")
    for name in ("highlight_code", "filter_data_type"):  # what VoilaExporter adds as it renders a notebook
        exporter.register_filter(name, lambda value, *args, **kwargs: value)
    original = Environment._compile
    monkeypatch.setattr(Environment, "_compile", lambda env, source, filename: compiled.append(filename) or
                        original(env, source, filename))
    env = exporter.environment
    return [env.get_template(name) for name in ("index.html.j2", "base.html.j2", "display_priority.j2")]


def test_a_second_page_compiles_no_template_and_gets_the_same_code(monkeypatch):
    """The first page's environment compiles the templates; the next page's, its own, compiles none and runs the same
    code."""
    compiled_templates.install()
    compiled_templates.SHARED.clear()
    first_compiled, second_compiled = [], []
    first = _templates(monkeypatch, first_compiled)
    second = _templates(monkeypatch, second_compiled)
    assert len(first_compiled) >= 3 and second_compiled == []
    assert [t.root_render_func.__code__.co_code for t in first] == [t.root_render_func.__code__.co_code for t in second]
    assert first[0] is not second[0] and first[0].environment is not second[0].environment


def test_an_edited_template_is_compiled_again():
    """A template whose source changed is compiled again and renders its new text."""
    cache = compiled_templates.SharedBytecode()
    sources = {"page.j2": "Hello {{ name }}"}
    env = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    assert env.get_template("page.j2").render(name="Ada") == "Hello Ada" and len(cache) == 1
    sources["page.j2"] = "Bye {{ name }}"
    env = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    assert env.get_template("page.j2").render(name="Ada") == "Bye Ada"
