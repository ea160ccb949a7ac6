"""kg.graph.store: every format round-trips, saves are atomic and deterministic."""
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SDO, XSD

from kg.errors import InputError, OutputError, UsageError
from kg import fileio
from kg.graph import store
from kg.graph.vocab import FP, ID, bind_prefixes

ROOT = Path(__file__).resolve().parents[1]


def sample_dataset() -> Dataset:
    """Two articles in two named graphs, sharing a person; zh labels, typed
    literals, and one blank node (kept small: rdflib's isomorphism test is
    slow on many look-alike blank nodes)."""
    ds = bind_prefixes(Dataset(default_union=True))
    person = ID["person/wang-xiao-ping"]
    for k, slug in enumerate(("a-2017-01-12", "b-2018-06-07")):
        g = ds.graph(ID[f"graph/{slug}"])
        article = ID[f"article/{slug}"]
        g.add((article, RDF.type, SDO.NewsArticle))
        g.add((article, SDO.datePublished, Literal(f"201{7 + k}-01-12", datatype=XSD.date)))
        g.add((person, RDF.type, FP.Person))
        g.add((person, RDFS.label, Literal("王小平", lang="zh")))
        fund = ID[f"fund/{slug}/1"]
        g.add((fund, RDF.type, FP.Fund))
        g.add((fund, SDO.amount, Literal(Decimal("30000000"), datatype=XSD.decimal)))
        g.add((fund, FP.purpose, Literal("脱贫攻坚 \"工作\"\n第二行", lang="zh")))
        g.add((fund, SDO.funder, person))
    note = BNode()
    ds.graph(ID["graph/a-2017-01-12"]).add((ID["article/a-2017-01-12"], RDFS.comment, note))
    ds.graph(ID["graph/a-2017-01-12"]).add((note, RDFS.label, Literal("注")))
    return ds


def named_graphs(ds) -> dict:
    return {c.identifier: c for c in ds.graphs() if len(c)}


@pytest.mark.parametrize("name", sorted(store.FORMATS))
def test_round_trip_every_format(tmp_path, name):
    fmt = store.FORMATS[name]
    ds = sample_dataset()
    path = store.save(ds, tmp_path / f"g{fmt.suffix}")
    back = store.load(path)
    if fmt.quads:
        assert isinstance(back, Dataset) and back.default_union
        mine, theirs = named_graphs(ds), named_graphs(back)
        assert set(mine) == set(theirs)
        for iri in mine:
            assert isomorphic(mine[iri], theirs[iri]), iri
    else:
        assert isinstance(back, Graph) and not isinstance(back, Dataset)
        assert isomorphic(store.union(ds), back)


@pytest.mark.parametrize("name", sorted(store.FORMATS))
def test_plain_graph_round_trips(tmp_path, name):
    g = store.union(sample_dataset())
    back = store.load(store.save(g, tmp_path / f"g{store.FORMATS[name].suffix}"))
    assert isomorphic(g, store.union(back))


@pytest.mark.parametrize("name", sorted(store.FORMATS))
def test_two_saves_are_byte_identical(tmp_path, name):
    suffix = store.FORMATS[name].suffix
    a = store.save(sample_dataset(), tmp_path / f"a{suffix}")
    b = store.save(sample_dataset(), tmp_path / f"b{suffix}")
    assert a.read_bytes() == b.read_bytes()


def test_output_does_not_depend_on_the_hash_seed(tmp_path):
    # rdflib's writers follow set order, which changes with PYTHONHASHSEED.
    script = (
        "import sys, hashlib; sys.path.insert(0, %r); sys.path.insert(0, %r)\n"
        "from test_store import sample_dataset\n"
        "from kg.graph import store\n"
        "ds = sample_dataset()\n"
        "print(' '.join(hashlib.sha256(store.serialize(ds, f)).hexdigest() for f in sorted(store.FORMATS)))\n"
    ) % (str(ROOT), str(ROOT / "tests"))
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                             cwd=tmp_path, timeout=120)
        assert run.returncode == 0, run.stderr
        outs.add(run.stdout)
    assert len(outs) == 1


def test_triple_formats_write_the_union(tmp_path):
    ds = sample_dataset()
    text = store.serialize(ds, "nt").decode("utf-8")
    assert len(text.splitlines()) == len(store.union(ds))
    assert "王小平" in text
    trig = store.serialize(ds, "trig").decode("utf-8")
    assert "<https://w3id.org/fupin-kg/id/graph/a-2017-01-12> {" in trig


def test_output_is_utf8_not_escaped():
    data = store.serialize(sample_dataset(), "ttl")
    assert "王小平".encode("utf-8") in data


def test_atomic_save_keeps_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    path.write_text("OLD", encoding="utf-8")

    def broken_fsync(fd):
        raise OSError(5, "Input/output error")   # the disk fails after a partial write

    monkeypatch.setattr(fileio.os, "fsync", broken_fsync)
    with pytest.raises(OutputError) as err:
        store.save(sample_dataset(), path)
    assert str(err.value).startswith("E501 ")
    assert path.read_text(encoding="utf-8") == "OLD"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]   # no temp file left


def test_atomic_save_keeps_old_file_when_serialisation_fails(tmp_path, monkeypatch):
    path = tmp_path / "graph.nt"
    path.write_text("OLD", encoding="utf-8")

    def half_then_fail(data_or_graph, *a, **k):
        raise RuntimeError("serializer broke half way")

    monkeypatch.setattr(store, "serialize", half_then_fail)
    with pytest.raises(RuntimeError):
        store.save(sample_dataset(), path)
    assert path.read_text(encoding="utf-8") == "OLD"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]


def test_atomic_write_interrupted_between_write_and_rename(tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    path.write_text("OLD", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.atomic_write(path, b"NEW")
    assert path.read_text(encoding="utf-8") == "OLD"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_saved_file_has_normal_permissions(tmp_path):
    path = store.save(sample_dataset(), tmp_path / "g.ttl")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_save_into_missing_folder_is_an_output_error(tmp_path):
    with pytest.raises(OutputError):
        store.save(sample_dataset(), tmp_path / "no" / "such" / "g.ttl")


def test_format_names_and_suffixes():
    assert store.format_for("x.TTL").name == "ttl"
    assert store.format_for("x.json-ld").name == "jsonld"
    assert store.format_for("x.owl").name == "xml"
    assert store.format_for(None, "turtle").name == "ttl"
    with pytest.raises(UsageError):
        store.format_for(None, "graphviz")
    with pytest.raises(InputError):
        store.format_for("graph.txt")


def test_load_folder_prefers_trig(tmp_path):
    ds = sample_dataset()
    store.save(ds, tmp_path / "graph.trig")
    store.save(Graph(), tmp_path / "graph.ttl")
    assert isinstance(store.load(tmp_path), Dataset)
    (tmp_path / "graph.trig").unlink()
    assert isinstance(store.load(tmp_path), Graph)


@pytest.mark.parametrize("content, code", [
    (None, "E110"),                                   # missing
    (b"", "E113"),                                    # empty
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "E11"),    # binary
])
def test_bad_files_are_input_errors(tmp_path, content, code):
    path = tmp_path / "g.ttl"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as err:
        store.load(path)
    msg = str(err.value)
    assert msg.startswith(code) and "\n" not in msg


def test_folder_without_graph_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as err:
        store.load(tmp_path)
    assert str(err.value).startswith("E111")


def test_turtle_syntax_error_gives_file_line_and_column(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:d ex:e ex:f ex:g .\n',
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        store.load(path)
    msg = str(err.value)
    assert msg.startswith("E115 ") and "\n" not in msg
    assert f"{path}:3:16:" in msg


@pytest.mark.parametrize("suffix, text", [
    (".nt", "<http://e/a> <http://e/b> .\n"),
    (".jsonld", '{"@id": "http://e/a", \n'),
    (".rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<oops\n"),
    (".trig", "<http://e/g> { <http://e/a> <http://e/b> \n"),
])
def test_other_syntax_errors_are_one_line(tmp_path, suffix, text):
    path = tmp_path / f"bad{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        store.load(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)


@pytest.mark.parametrize("name", sorted(store.FORMATS))
def test_literals_keep_their_lexical_form(tmp_path, name):
    # rdflib's Turtle writer would turn "30000000"^^xsd:decimal into 30000000.0
    # and "1"^^xsd:boolean into 1 (an integer): a different term when read back.
    g = Graph()
    s, p = URIRef("http://e/s"), URIRef("http://e/p")
    literals = [Literal("30000000", datatype=XSD.decimal), Literal("2.50", datatype=XSD.decimal),
                Literal("1", datatype=XSD.boolean), Literal("true", datatype=XSD.boolean),
                Literal("1.5", datatype=XSD.double), Literal("1.5E3", datatype=XSD.double),
                Literal("007", datatype=XSD.integer), Literal("-3", datatype=XSD.integer),
                Literal("2017-01-12", datatype=XSD.date)]
    for lit in literals:
        g.add((s, p, lit))
    back = store.union(store.load(store.save(g, tmp_path / f"g{store.FORMATS[name].suffix}")))
    assert {(str(o), o.datatype) for o in back.objects(s, p)} == {(str(o), o.datatype) for o in literals}


# --- graphs held as N-Triples, written by Oxigraph (small builds) ------------------

def _as_ntriples(ds) -> store.NTriplesGraphs:
    graphs = []
    for g in named_graphs(ds).values():
        text = g.serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines = sorted({line for line in text.split("\n") if line.strip()})
        graphs.append((str(g.identifier), "".join(line + "\n" for line in lines)))
    return store.NTriplesGraphs(graphs)


def test_ntriples_graphs_write_the_same_graphs_with_oxigraph(tmp_path):
    ds = sample_dataset()
    for s, p, o, g in list(ds.quads((None, None, None, None))):
        if isinstance(s, BNode) or isinstance(o, BNode):      # none: N-Triples lines as kg writes them
            ds.remove((s, p, o, g))
    nt = _as_ntriples(ds)
    from kg.graph import oxigraph as ox

    trig, ttl = store.serialize(nt, "trig"), store.serialize(nt, "ttl")
    assert trig == ox.write_trig(nt.nquads()) and ttl == ox.write_turtle(nt.union_lines())
    store.save(nt, tmp_path / "graph.trig")
    back = store.load(tmp_path / "graph.trig")
    assert {k: set(g) for k, g in named_graphs(back).items()} == \
        {k: set(g) for k, g in named_graphs(ds).items()}
    store.save(nt, tmp_path / "graph.ttl")
    assert set(store.load(tmp_path / "graph.ttl")) == set(store.union(ds)) == set(nt.union_graph())
    # the formats Oxigraph is not used for go through rdflib
    assert isomorphic(Graph().parse(data=store.serialize(nt, "xml"), format="xml"), store.union(ds))
