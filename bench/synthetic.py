"""Synthetic council files for the benchmark and for scale tests: fictional,
realistic in shape, the same for the same seed.

Every statement is scored, and each council has about 1,500 words of
narrative drawn from a vocabulary of several thousand words, so that
Markdown rendering, page size and the search index behave as they would
with real reports.
"""

from __future__ import annotations

import random
from pathlib import Path

from generator.framework import Framework, load_framework

_COMMON_WORDS = """
the a of and to in for with people care support council staff carers waiting assessment services
social workers reablement hospital discharge safeguarding enquiries partnership leaders plan
information advice direct payments home unpaid respite housing providers market commissioning
quality risk review team community voluntary groups prevention equipment transitions young adults
learning disability mental health dementia interpreters communities outcomes feedback governance
budget recruitment occupational therapists trusted assessors backlog delays timely was were is are
had has not often most some many few clear well poor good strong weak improving told said found
"""
COMMON = _COMMON_WORDS.split()
_SYLLABLES = (
    "ba be bi bo da de di do fa fe fo ga ge go ha he ho ka ke ko la le li lo ma me "
    "mi mo na ne ni no pa pe po ra re ri ro sa se si so ta te ti to va ve vo wa we wi"
)
SYLLABLES = _SYLLABLES.split()


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return COMMON * 8 + sorted(words)  # common words recur, as in real prose


def sentence(rng: random.Random, vocab: list[str]) -> str:
    words = [rng.choice(vocab) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, vocab: list[str], words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentence(rng, vocab))
    return " ".join(out)


def block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line for line in _wrap(text)) + "\n"


def _wrap(text: str, width: int = 96) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


def council_yaml(i: int, rng: random.Random, vocab: list[str], fw: Framework) -> str:
    council_type = fw.council_types[i % len(fw.council_types)]
    region = fw.regions[i % len(fw.regions)]
    name = "Synthetic " + " ".join(w.capitalize() for w in rng.sample(vocab[-6000:], 2)) + " Council"
    scores = {s.id: rng.choice((1, 2, 2, 3, 3, 3, 4)) for s in fw.statements}
    lines = [
        "# Synthetic council for the benchmark: invented names and text.",
        f"name: {name}",
        f"gss_code: {council_type.gss_prefix}{i:06d}",
        f"type: {council_type.id}",
        f"region: {region.id}",
        "places: [" + ", ".join(w.capitalize() for w in rng.sample(vocab[-6000:], 3)) + "]",
        "assessments:",
        f"  - published: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
        f"    framework: {fw.id}",  # as generated: December's would otherwise take a framework in force then
        "    summary: " + block(paragraph(rng, vocab, 250), 6).rstrip("\n"),
        "    people_said: " + block(paragraph(rng, vocab, 100), 6).rstrip("\n"),
        "    strengths:",
        *[f"      - {sentence(rng, vocab)}" for _ in range(3)],
        "    improvements:",
        *[f"      - {sentence(rng, vocab)}" for _ in range(3)],
        "    themes:",
        *[f"      {t.id}: " + block(paragraph(rng, vocab, 70), 8).rstrip("\n") for t in fw.themes],
        "    statements:",
    ]
    for s in fw.statements:
        lines.append(f"      {s.id}:")
        lines.append(f"        score: {scores[s.id]}")
        lines.append("        findings: " + block(paragraph(rng, vocab, 85), 10).rstrip("\n"))
    return "\n".join(lines) + "\n"


def write_councils(folder: Path, n: int, seed: int = 2026) -> list[Path]:
    """Write `n` synthetic council files into `folder` (created if need be)."""
    fw = load_framework()
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        path = folder / f"synthetic-{i:05d}.yml"
        path.write_text(council_yaml(i, random.Random(seed * 100_003 + i), vocab, fw))
        paths.append(path)
    return paths
