"""The default install is offline-capable and torch-free (DESIGN §5)."""
import importlib.util


def test_no_torch_or_cuda_in_the_default_install():
    for heavy in ("torch", "sentence_transformers", "nvidia"):
        assert importlib.util.find_spec(heavy) is None, f"{heavy} got installed"


def test_bertopic_and_its_real_dependencies_import():
    import bertopic  # noqa: F401
    import hdbscan  # noqa: F401
    import sklearn  # noqa: F401
    import umap  # noqa: F401


def test_spacy_blank_pipelines_need_no_download():
    from undercurrent.nlp import get_pipeline

    assert [s.text for s in get_pipeline("en")("It works. Offline.").sents] == ["It works.", "Offline."]
