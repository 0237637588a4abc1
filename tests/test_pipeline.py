"""The pipeline: stages chosen by name, checked for order up front, failures kept per item."""

import re

import pytest

from parley.errors import ConfigError
from parley.model import Article, Document, Failure
from parley.pipeline import DEFAULT_STAGES, STAGES, Pipeline, make_stage
from parley.settings import Settings


def test_pipeline_default_is_every_stage_in_order():
    assert DEFAULT_STAGES == ("clean", "structure", "nlp", "time", "places", "actors", "attribution", "events",
                              "decide", "dating", "integrity")
    assert set(DEFAULT_STAGES) == set(STAGES)


@pytest.mark.parametrize("name", list(STAGES))
def test_pipeline_every_registered_stage_is_made_by_name(name):
    stage = make_stage(name, Settings())
    assert re.fullmatch(r"parley\.\w+\.v\d+", stage.name)
    assert isinstance(stage.requires, tuple) and isinstance(stage.assigns, tuple)


def test_pipeline_unknown_stage_name_is_a_config_error():
    with pytest.raises(ConfigError, match="no stage called 'parse'.*nlp"):
        Pipeline(Settings(), stages=["clean", "parse"])


def test_pipeline_stage_out_of_order_is_refused_before_any_article():
    with pytest.raises(ConfigError, match="parley.places.v2 needs nlp"):
        Pipeline(Settings(), stages=["clean", "places"])


def test_pipeline_names_and_objects_mix():
    clean = make_stage("clean", Settings())
    pipeline = Pipeline(Settings(), stages=[clean, "structure"])
    assert pipeline.stage_names == ("parley.clean.v1", "parley.structure.v1")
    doc = pipeline(Article(id="a", text="A headline\n\nA first paragraph of news text."))
    assert isinstance(doc, Document) and doc.stages == pipeline.stage_names


def test_pipeline_reader_failures_pass_through_in_order():
    pipeline = Pipeline(Settings(), stages=["clean"])
    failure = Failure("broken.txt", ConfigError("bad"))
    out = list(pipeline.pipe([Article(id="a", text="x"), failure, Article(id="b", text="y")]))
    assert [type(o) for o in out] == [Document, Failure, Document] and out[1] is failure


def test_pipeline_architecture_page_names_every_stage_and_package():
    from pathlib import Path

    import parley

    page = (Path(__file__).resolve().parents[1] / "docs" / "architecture.md").read_text("utf-8")
    flow = " ".join(page[page.index("clean -> "):].split())
    assert all(f"{name} ->" in flow or f"-> {name}" in flow for name in STAGES)
    packages = [p.name for p in Path(parley.__file__).parent.iterdir() if (p / "__init__.py").exists()]
    assert all(f"{name}/" in page for name in packages), "every package has its line in docs/architecture.md"
