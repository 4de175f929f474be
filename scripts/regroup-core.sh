#!/usr/bin/env bash
# Groups the modules of src/core into folders that show its parts, with `git mv` (history
# follows the files) and a rewrite of every `core::<module>` path in src, tests and benches, of
# `src/core/<file>` in the docs, and of the `include_str!` paths of the files moved one folder
# deeper. Run from anywhere inside the repository, on a clean tree; then `cargo build`.
#
# Re-runnable: a module already in its folder is left alone, so a second run changes nothing,
# and running it on a main that gained files meanwhile moves what it knows and prints the
# modules left at the top of src/core for someone to place (add them to PARTS below).
set -euo pipefail

cd "$(git rev-parse --show-toplevel)"
core=src/core

# folder: modules (file stems in src/core) it holds, and the doc line of its mod.rs.
declare -A PARTS=(
  [documents]="text sentences sentence_index reflow words quotes document metadata selection intervals"
  [anchoring]="anchor candidate context fuzzy occurrences reanchor"
  [storage]="store writer lock merge git_merge git_setup atomic_file toml_file file_error leftovers rename_journal tag_file"
  [queries]="search grep tag_query"
  [user_state]="config positions session progress timing"
  [formats]="offsets coders"
)
declare -A DOCS=(
  [documents]="A document's text: canonical text and offsets, sentences, words, quotes, metadata, and the spans chosen and shown in it."
  [anchoring]="Placing annotations in a text: exact and fuzzy search, candidates scored by their context, and re-anchoring after the text changed."
  [storage]="Annotation files on disk: the TOML format, atomic writes, the folder lock, the background writer, merges (in gloss and as git's merge driver), and the other files gloss keeps beside them."
  [queries]="Finding things in a corpus: search patterns, grep over documents, and queries over tags."
  [formats]="Exchange formats, each read and written by one module, and import, which places what is read."
  [user_state]="What belongs to the user rather than the corpus's annotations: the configuration and its settings, reading positions, and the marks of what is done."
)
# Files other than modules that move with one: "file:module".
COMPANIONS="abbreviations.txt:sentences"

moved_modules=()   # "module group", for the path rewrite
moved_files=()     # files moved one folder deeper, for include_str!

# Formats: export/ (which also reads) becomes formats/, and import/ goes inside it.
formats_moved=no
if [[ -d $core/export ]]; then
  git mv "$core/export" "$core/formats"
  formats_moved=yes
fi
if [[ -d $core/import ]]; then
  mkdir -p "$core/formats"
  git mv "$core/import" "$core/formats/import"
  for f in "$core"/formats/import/*.rs; do moved_files+=("$f"); done
  formats_moved=yes
fi

for group in "${!PARTS[@]}"; do
  for m in ${PARTS[$group]}; do
    if [[ -f $core/$m.rs ]]; then
      mkdir -p "$core/$group"
      git mv "$core/$m.rs" "$core/$group/$m.rs"
      moved_modules+=("$m $group")
      moved_files+=("$core/$group/$m.rs")
      # Its submodules (`m.rs` beside an `m/` folder) go with it.
      if [[ -d $core/$m ]]; then
        git mv "$core/$m" "$core/$group/$m"
        while IFS= read -r f; do moved_files+=("$f"); done < <(find "$core/$group/$m" -name '*.rs')
      fi
    fi
  done
done
for pair in $COMPANIONS; do
  file=${pair%%:*} module=${pair##*:}
  for group in "${!PARTS[@]}"; do
    if [[ " ${PARTS[$group]} " == *" $module "* && -f $core/$file ]]; then
      git mv "$core/$file" "$core/$group/$file"
    fi
  done
done

python3 - "$formats_moved" "${moved_modules[@]/#/M:}" "${moved_files[@]/#/F:}" <<'EOF'
import pathlib, re, sys

formats_moved = sys.argv[1] == "yes"
modules = dict(a[2:].split() for a in sys.argv[2:] if a.startswith("M:"))
deeper = [pathlib.Path(a[2:]) for a in sys.argv[2:] if a.startswith("F:")]

sources = [p for d in ("src", "tests", "benches") for p in pathlib.Path(d).rglob("*.rs")]
docs = [pathlib.Path("README.md"), *pathlib.Path("docs").rglob("*.md"), pathlib.Path("CONTRIBUTING.md")]

def rust(text, path):
    for m, group in modules.items():
        text = re.sub(rf"\b(crate|gloss)::core::{m}\b", rf"\1::core::{group}::{m}", text)
    text = re.sub(r"\bcore::\{([^}]*)\}", lambda g: grouped_use(g, path), text)
    if formats_moved:
        imports_export = re.search(r"core::export(;|::\{[^}]*\bself\b)", text)
        text = re.sub(r"\b(crate|gloss)::core::import\b", r"\1::core::formats::import", text)
        text = re.sub(r"\b(crate|gloss)::core::export\b", r"\1::core::formats", text)
        if imports_export:
            # The module was imported by name: its uses by that name follow it.
            text = re.sub(r"(?<![\w:])export::", "formats::", text)
    return text

def grouped_use(g, path):
    # `core::{a, b}`: each name becomes its path; one `use` per name keeps rustfmt happy.
    names = [n.strip() for n in g.group(1).split(",") if n.strip()]
    if not any(n.split("::")[0] in modules for n in names):
        return g.group(0)
    paths = [f"{modules[n.split('::')[0]]}::{n}" if n.split("::")[0] in modules else n for n in names]
    return "core::{" + ", ".join(paths) + "}"

for p in sources:
    text = p.read_text()
    new = rust(text, p)
    if p in deeper:
        new = new.replace('include_str!("../', 'include_str!("../../')
    if new != text:
        p.write_text(new)

for p in docs:
    if not p.exists():
        continue
    text = p.read_text()
    new = text
    for m, group in modules.items():
        new = re.sub(rf"src/core/{m}\.rs\b", f"src/core/{group}/{m}.rs", new)
    if formats_moved:
        new = new.replace("src/core/import/", "src/core/formats/import/")
        new = new.replace("src/core/export/", "src/core/formats/")
    if new != text:
        p.write_text(new)
EOF

# mod.rs of each folder: its doc and its modules; src/core/mod.rs: the folders and what is left.
docs_args=()
for group in "${!PARTS[@]}"; do docs_args+=("$group=${DOCS[$group]}"); done
python3 - "$core" "${docs_args[@]}" <<'EOF'
import pathlib, re, sys, textwrap

core = pathlib.Path(sys.argv[1])
docs = dict(a.split("=", 1) for a in sys.argv[2:])
decl = re.compile(r"pub mod (\w+);$")

def declare(mod, names, doc):
    """Writes the `pub mod` lines of `mod` for `names` and those it has, keeping the rest."""
    if mod.exists():
        old = mod.read_text().splitlines()
    else:
        old = textwrap.wrap(doc, 96, initial_indent="//! ", subsequent_indent="//! ")
    declared = {m.group(1) for l in old if (m := decl.match(l))}
    names = sorted(
        n for n in declared | set(names)
        if (mod.parent / f"{n}.rs").exists() or (mod.parent / n / "mod.rs").exists()
    )
    # The declarations go where the first one was, else after the doc and the uses.
    first = next((i for i, l in enumerate(old) if decl.match(l)), None)
    rest = [l for l in old if not decl.match(l)]
    if first is None:
        at = len(rest)
    else:
        at = len([l for l in old[:first] if not decl.match(l)])
    before, after = rest[:at], rest[at:]
    while before and before[-1] == "":
        before.pop()
    while after and after[0] == "":
        after.pop(0)
    lines = before + [""] + [f"pub mod {n};" for n in names] + ([""] + after if after else [])
    mod.write_text("\n".join(lines) + "\n")

for group, doc in docs.items():
    folder = core / group
    if folder.is_dir():
        subfolders = [p.parent.name for p in folder.glob("*/mod.rs")]
        modules = [p.stem for p in folder.glob("*.rs") if p.stem != "mod"]
        declare(folder / "mod.rs", modules + subfolders, doc)
declare(core / "mod.rs", [g for g in docs if (core / g).is_dir()], "")
EOF

cargo fmt
git add -A src tests benches
for f in README.md CONTRIBUTING.md docs; do [[ -e $f ]] && git add -A "$f"; done

left=$(cd "$core" && ls -1 *.rs | grep -v '^mod.rs$' | sed 's/\.rs$//' | tr '\n' ' ')
echo "Left at the top of $core (place them in PARTS if they belong to a part): $left"
