"""The real corpus in ../shared/corpus imports as is (skipped when it is not there)."""

from __future__ import annotations

from corpus import ImportReport


def test_medquad_imports_whole(shared_corpus):
    report = ImportReport.collect([shared_corpus("medquad.jsonl")])
    counts = report.counts()
    assert report.rejections == []
    assert counts["articles"] == 5483
    assert counts["per_library"] == {"disease": 5016, "drug": 0, "lab-test": 16, "cancer": 451}
    kinds = {s.kind for a in report.articles for s in a.sections}
    assert {"definition", "symptoms", "causes", "diagnosis", "treatment"} <= kinds


def test_bangla_corpora_import_as_bangla(shared_corpus):
    report = ImportReport.collect([shared_corpus("bangla-m2pqa.jsonl"),
                                   shared_corpus("bangla-tico19.jsonl")])
    assert report.rejections == []
    assert report.counts()["per_language"] == {"bn": 51, "en": 31}
