"""An independent count of a cross table of gloss annotations, for tests/table.rs.

Reads the corpus's tags.toml and every annotation file with the standard library's tomllib (no
gloss code), and prints as JSON the table `gloss table --count annotations` must give, by the
rule README.md states: an annotation counts once in each cell its values make (two tags of the
row group: two rows), a total counts it once, and one without a value counts under "(none)".
A source or cue span (no tag, a "source of" or "cue of" link) is not counted; a claim's speaker
is its speaker field, else the quotes of the spans that are "source of" it.

Usage: table_reference.py CORPUS_DIR ANNOTATIONS_DIR ROWS COLS
where ROWS and COLS are `group:NAME` or `field:NAME`.
"""

import json
import pathlib
import sys
import tomllib

NONE = "(none)"


def main():
    corpus, annotations, rows, cols = sys.argv[1:5]
    scheme = tomllib.loads((pathlib.Path(corpus) / "tags.toml").read_text("utf-8"))
    group_of = {t["name"]: t.get("group", "") for t in scheme.get("tag", [])}

    every = [
        annotation
        for path in sorted(pathlib.Path(annotations).rglob("*.toml"))
        for annotation in tomllib.loads(path.read_text("utf-8")).get("annotation", [])
    ]
    sources = {}
    for annotation in every:
        for link in annotation.get("links", []):
            if link["type"] == "source of":
                sources.setdefault(link["to"], set()).add(annotation["quote"])

    def is_span(annotation):
        return not annotation.get("tags") and any(
            link["type"] in ("source of", "cue of") for link in annotation.get("links", [])
        )

    def values(annotation, dimension):
        kind, name = dimension.split(":", 1)
        if kind == "group":
            found = {t for t in annotation.get("tags", []) if group_of.get(t) == name}
        else:
            value = annotation.get("fields", {}).get(name, "")
            found = {value} if value else set()
            if not found and name == "speaker":
                found = sources.get(annotation["id"], set())
        return found or {NONE}

    cells, row_totals, col_totals, total = {}, {}, {}, 0
    for annotation in every:
        if not is_span(annotation):
            r, c = values(annotation, rows), values(annotation, cols)
            total += 1
            for row in r:
                row_totals[row] = row_totals.get(row, 0) + 1
                for col in c:
                    cells.setdefault(row, {})
                    cells[row][col] = cells[row].get(col, 0) + 1
            for col in c:
                col_totals[col] = col_totals.get(col, 0) + 1
    json.dump(
        {"cells": cells, "row_totals": row_totals, "col_totals": col_totals, "total": total},
        sys.stdout,
    )


main()
