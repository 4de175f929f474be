"""Writes a corpus for timing exports: DOCS documents of about 10 KB, each with ANNOTATIONS
annotations of two tags, in gloss's annotation format with the right content hashes, so that
gloss opens it without re-anchoring anything.

Usage: python3 benches/export_corpus.py OUT_DIR [DOCS] [ANNOTATIONS] [CODERS]   (default 1000 100 1)
Then:  /usr/bin/time -v target/release/gloss export --format csv OUT_DIR/corpus > /dev/null

With CODERS above 1, each coder (coder1, coder2, ...) makes ANNOTATIONS annotations in every
document, mostly on the same sentences with the same tags, so that they agree in part:
`export_corpus.py OUT 1000 10 3` is the corpus `gloss agree` is timed on (CONTRIBUTING.md).
"""

import hashlib
import pathlib
import sys
import uuid

out = pathlib.Path(sys.argv[1])
docs = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
per_doc = int(sys.argv[3]) if len(sys.argv) > 3 else 100
coders = int(sys.argv[4]) if len(sys.argv) > 4 else 1
names = ["bench"] if coders == 1 else [f"coder{c + 1}" for c in range(coders)]
corpus, notes = out / "corpus", out / "annotations"
corpus.mkdir(parents=True, exist_ok=True)
notes.mkdir(parents=True, exist_ok=True)
sentence = "Officials said on Thursday that the ministry would review the claims again. "
tags = ["denial", "accusation", "authoritative", "non-authoritative"]


def toml_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


for d in range(docs):
    name = f"doc{d:05}.txt"
    text = "".join(f"{i}. {sentence}\n" if i % 5 == 4 else f"{i}. {sentence}" for i in range(per_doc + 30))
    (corpus / name).write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = [
        "format = 1",
        f"document = {toml_string(name)}",
        f'content_hash = "sha256:{digest}"',
        "",
    ]
    for c, annotator in enumerate(names):
        at = 0
        for a in range(per_doc):
            start = text.index(sentence, at)
            # Another coder now and then takes the next sentence, or shifts the tags.
            if coders > 1 and (a + c + d) % 4 == 0:
                start = text.index(sentence, start + 1)
            shift = c if coders > 1 and (a + d) % 5 == 0 else 0
            end = start + len(sentence) - 1
            at = end
            quote = text[start:end]
            lines += [
                "[[annotation]]",
                f'id = "{uuid.UUID(int=(d * coders + c) * 1_000_000 + a)}"',
                f"start = {start}",
                f"end = {end}",
                f'tags = ["{tags[(a + shift) % 4]}", "{tags[(a + shift + 1) % 4]}"]',
                f"quote = {toml_string(quote)}",
                f"prefix = {toml_string(text[max(0, start - 20):start])}",
                f"suffix = {toml_string(text[end:end + 20])}",
                f'annotator = "{annotator}"',
                'created = "2026-01-01T00:00:00Z"',
                'modified = "2026-01-01T00:00:00Z"',
                "",
            ]
    (notes / f"{name}.toml").write_text("\n".join(lines), encoding="utf-8")
