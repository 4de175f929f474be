"""Validates a gloss JSON export against the MUST assertions of the W3C Web Annotation test suite.

Usage: python3 w3c_musts.py SUITE_DIR EXPORT.json

SUITE_DIR is the suite's checkout (annotations/, collections/, definitions/). Its three
`*Musts.test` files list the assertions (JSON Schema draft 4) that a single Annotation, a single
Annotation Collection and a single Annotation Page must each satisfy; every one expects "valid".
The collection is checked against collectionMusts, its embedded first page against pageMusts and
each annotation on it against annotationMusts, the page and the annotations carrying the
collection's @context, which they inherit in JSON-LD.

URI and date-time formats are checked (jsonschema needs the rfc3987 and rfc3339-validator
packages for that; without them the check refuses to run). Prints one line per failed assertion
and exits 1 if any failed, 2 if it could not check.
"""

import json
import pathlib
import sys

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def main(suite, export):
    checker = Draft4Validator.FORMAT_CHECKER
    missing = {"uri", "date-time"} - set(checker.checkers)
    if missing or checker.conforms("relative/path.txt", "uri"):
        print(f"cannot check formats {sorted(missing)}: pip install rfc3987 rfc3339-validator")
        return 2
    schemas = {}
    for path in suite.rglob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[path.relative_to(suite).as_posix()] = schema
    registry = Registry().with_resources(
        (s["id"], Resource.from_contents(s, default_specification=DRAFT4))
        for s in schemas.values()
        if "id" in s
    )

    def musts(test):
        listed = json.loads((suite / test).read_text(encoding="utf-8"))["assertions"]
        return [schemas[a] for a in listed]

    collection = json.loads(pathlib.Path(export).read_text(encoding="utf-8"))
    context = collection["@context"]
    page = dict(collection["first"], **{"@context": context})
    checks = [("the collection", collection, musts("collections/collectionMusts.test"))]
    checks.append(("its first page", page, musts("collections/pages/pageMusts.test")))
    annotation_musts = musts("annotations/annotationMusts.test")
    for i, item in enumerate(page["items"]):
        checks.append((f"annotation {i} ({item.get('id')})", dict(item, **{"@context": context}), annotation_musts))
    failed = 0
    count = 0
    for what, instance, assertions in checks:
        for schema in assertions:
            assert schema["assertionType"] == "must" and schema["expectedResult"] == "valid"
            validator = Draft4Validator(schema, registry=registry, format_checker=checker)
            count += 1
            if not validator.is_valid(instance):
                failed += 1
                print(f"{what}: {schema['id']}: {schema['errorMessage']}")
    print(f"{count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]), sys.argv[2]))
