"""The one place that knows the file layout: which Turtle files make up a graph.

A graph is the ontology and the framework and reference data (always loaded)
plus entry files: the bundled jurisdictions, or the files and folders a user
names with ``--data``. Each file becomes a named graph, so a statement can be
traced back to the file it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from statgraph import bounded, resources
from statgraph.errors import DataFileError, InputError
from statgraph.kg.names import GRAPH_BASE

ALWAYS_LOADED = ("framework", "reference")  # folders of graph_data/ that every graph needs
ENTRY_FOLDER = "jurisdictions"  # folder of graph_data/ that --data replaces


@dataclass(frozen=True)
class SourceFile:
    """A Turtle file and the named graph it loads into."""

    path: Path
    graph: str  # the named graph's IRI
    role: str  # "ontology", "framework", "reference" or "entry"

    @property
    def from_stdin(self) -> bool:
        return str(self.path) == "-"

    @property
    def size(self) -> int:
        if self.from_stdin:
            from statgraph import standard_input
            return len(standard_input.data())
        return self.path.stat().st_size

    def read_bytes(self) -> bytes:
        if self.from_stdin:
            from statgraph import standard_input
            return standard_input.data()
        return self.path.read_bytes()

    @property
    def display_name(self) -> str:
        """The path as the user should see it: relative to the bundle, or as given."""
        if self.from_stdin:
            return "standard input"
        root = resources.bundled_root()
        for base in (root, Path.cwd()):  # the bundle's own files, then files below where the user is
            try:
                return str(self.path.relative_to(base))
            except ValueError:
                continue
        return str(self.path)


STDIN_GRAPH = GRAPH_BASE + "standard-input"


def turtle_files(folder: Path) -> list[Path]:
    """The Turtle files in a folder and its subfolders, ``.ttl`` in any case (``.TTL``), sorted.

    Hidden files and folders (``.#entry.ttl`` an editor is writing, ``.git/``) are
    skipped: nobody means them when naming a folder. Named one by one, they load."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".ttl" and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _bundled(folder: Path, role: str) -> list[SourceFile]:
    root = resources.bundled_root()
    files = turtle_files(folder) if folder.is_dir() else []
    return [
        SourceFile(p, GRAPH_BASE + p.relative_to(root).with_suffix("").as_posix(), role)
        for p in files
    ]


def foundation_files() -> list[SourceFile]:
    """The ontology (without SHACL shapes) and the framework and reference data."""
    ontology = [f for f in _bundled(resources.ontology_dir(), "ontology")
                if "shapes" not in f.path.relative_to(resources.ontology_dir()).parts]
    data = resources.graph_data_dir()
    return ontology + [f for role in ALWAYS_LOADED for f in _bundled(data / role, role)]


def bundled_entry_files() -> list[SourceFile]:
    return _bundled(resources.graph_data_dir() / ENTRY_FOLDER, "entry")


def user_entry_files(paths: list[str | Path]) -> list[SourceFile]:
    """Expand the files and folders given with --data into entry files."""
    files: list[SourceFile] = []
    for given in paths:
        if str(given) == "-":  # standard input (statgraph.standard_input)
            files.append(SourceFile(Path("-"), STDIN_GRAPH, "entry"))
            continue
        path = Path(given)
        try:
            if path.is_dir():
                found = turtle_files(path)
                if not found:
                    raise InputError(f"{given}: folder holds no .ttl files",
                                     hint="--data takes Turtle files or folders of them")
            elif path.is_file():
                found = [path]
            elif path.exists():
                raise InputError(f"{given}: not a regular file or folder")
            else:
                raise InputError(f"{given}: no such file or folder")
        except OSError as error:  # a name too long, a folder that cannot be listed
            raise InputError(f"{given}: {error.strerror or error}") from None
        files.extend(SourceFile(p.resolve(), p.resolve().as_uri(), "entry") for p in found)
    always = {f.path.resolve() for f in foundation_files()}  # `--data graph_data` names them again
    unique = {f.path: f for f in files if f.path not in always}  # a file named twice loads once
    return list(unique.values())


def select_files(data_paths: list[str | Path] | None = None) -> list[SourceFile]:
    """Foundation files plus either the bundled entries or the user's."""
    entries = user_entry_files(data_paths) if data_paths else bundled_entry_files()
    return foundation_files() + entries


def read_text(source: SourceFile) -> str:
    """The file's text; errors name the file (and line for bad encoding)."""
    name = source.display_name
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise DataFileError(name, f"cannot read: {error.strerror}") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataFileError(name, "not UTF-8 text", line, column,
                            hint="save the file as UTF-8") from None
    if not text.strip():
        raise DataFileError(name, "file is empty", hint="an entry file holds Turtle statements")
    return text


def read_turtle(source: SourceFile, into) -> int:
    """Parse one file into the rdflib Graph ``into``; return its triple count. Errors name file and line.

    Oxigraph's parser reads the file (four times faster than rdflib's, which is
    most of the cost of validating one entry); the triples then join ``into``.
    """
    from statgraph.kg.oxigraph import from_ox

    parsed = ox.Store()
    read_into_oxigraph(source, parsed)
    before = len(into)
    for quad in parsed:
        into.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    added = len(into) - before
    if len(parsed) == 0 and source.role == "entry":
        raise DataFileError(source.display_name, "holds no triples", hint="an entry file holds Turtle statements")
    return added


def read_into_oxigraph(source: SourceFile, store: ox.Store) -> None:
    """Parse one file into its named graph of an Oxigraph store."""
    data = read_text(source).encode("utf-8")
    try:
        bounded.call(lambda: store.load(data, format=ox.RdfFormat.TURTLE, base_iri=str(source.graph),
                                        to_graph=ox.NamedNode(str(source.graph))),
                     what=f"reading {source.display_name}")
    except SyntaxError as error:
        detail = str(error).split(": ", 1)[-1]
        raise DataFileError(source.display_name, f"malformed Turtle: {detail}",
                            error.lineno, error.offset) from None
