from __future__ import annotations

import pytest

from corpus.article import SECTION_KINDS, section_kind


@pytest.mark.parametrize(("heading", "kind"), [
    ("Definition", "definition"),
    ("Types of Leptomeningeal Neurosarcoidosis", "types"),
    ("Causes of Leptomeningeal Neurosarcoidosis", "causes"),
    ("Symptoms of Leptomeningeal Neurosarcoidosis", "symptoms"),
    ("What are the signs and symptoms of Lupus ?", "symptoms"),
    ("Diagnostic Tests for Leptomeningeal Neurosarcoidosis", "diagnosis"),
    ("Treatment for Leptomeningeal Neurosarcoidosis:", "treatment"),
    ("Medications for Leptomeningeal Neurosarcoidosis:", "medications"),
    ("Side effects of Methotrexate", "side-effects"),
    ("How to take Paracetamol", "dosage"),
    ("Why the test is done", "diagnosis"),
    ("What the results mean", "results"),
    ("Frequently Asked Questions", "faq"),
    ("What is (are) Adult Acute Lymphoblastic Leukemia ?", "definition"),
    ("জ্বরের চিকিৎসা", "treatment"),
    ("Conclusion", "other"),
])
def test_headings_map_to_the_section_kind_a_reader_means(heading, kind):
    assert section_kind(heading) == kind


def test_source_kind_label_wins_over_heading():
    assert section_kind("What to expect", hint="exams and tests") == "diagnosis"
    assert section_kind("Anything", hint="treatment") == "treatment"


def test_every_kind_is_a_known_kind():
    for heading in ("", "Types", "Outlook", "Prevention", "Inheritance pattern"):
        assert section_kind(heading) in SECTION_KINDS
