"""The ``kg`` command (also ``python -m kg``).

Commands::

    kg build PATH... -o OUT [--date YYYY-MM-DD] [--no-html] [--workers N] [--store auto|oxigraph|memory]
    kg query GRAPH QUERY [--format table|csv|json] [--store auto|oxigraph|memory]
    kg query --endpoint URL QUERY [--graph IRI]
    kg export GRAPH --format ttl|trig|nt|nq|jsonld|xml|graphml|gexf|csv [-o FILE|DIR]
    kg validate GRAPH
    kg viz GRAPH -o FILE [--focus LABEL] [--depth N] [--types A,B]
    kg eval [CORPUS_JSON] [--gold-root DIR] [--json] [--keep DIR]
    kg serve GRAPH [--port N] [--writable] [--timeout S] [--max-rows N]
    kg push GRAPH (--endpoint URL | --update URL) [--graph IRI] [--named-graphs]

GRAPH is a graph file (.trig, .ttl, .nt, .nq, .jsonld, .rdf) or a folder
``kg build`` wrote.  An error is one line on stderr, ``kg: E123 what is
wrong``; ``--debug`` adds the traceback.

Exit status
-----------
0    success
1    ``kg validate``: the graph does not conform to the SHACL shapes
2    usage: a bad option or argument (E2xx)
3    input: a file is missing, empty, binary, undecodable or invalid (E1xx)
4    query: an unknown query name or bad SPARQL (E4xx)
5    output: a file or folder cannot be written (E5xx)
70   internal error, a bug (E999; ``--debug`` shows the traceback)
130  interrupted (Ctrl-C)
143  terminated (SIGTERM; 129 for SIGHUP)

A build that is interrupted or terminated leaves the build folder as it was
(or, past the last moment, complete): its files are staged, then moved in
with those signals held back.

Nothing heavy (rdflib, pySHACL, pyvis, pypinyin) is imported until a command
runs, so ``kg --help`` answers at once.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import sys

from kg import __version__
from kg.errors import KGError

__all__ = ["main", "EXIT_CODES"]

EXIT_CODES = {
    0: "success",
    1: "kg validate: the graph does not conform",
    2: "usage error (E2xx)",
    3: "input error: missing, empty, binary, undecodable or invalid file (E1xx)",
    4: "query error: unknown query name or bad SPARQL (E4xx)",
    5: "output error: cannot write (E5xx)",
    70: "internal error, a bug (E999; --debug shows the traceback)",
    130: "interrupted (Ctrl-C)",
    143: "terminated (SIGTERM; 129: SIGHUP)",
}

_EPILOG = "exit status:\n" + "\n".join(f"  {k:<4} {v}" for k, v in EXIT_CODES.items()) + """

examples:
  kg build data/articles/ -o out/
  kg query out/ officials --format csv
  kg query out/ 'SELECT ?s WHERE { ?s a fp:Village }'
  kg export out/ --format jsonld -o graph.jsonld
  kg export out/ --format csv -o tables/     # nodes.csv, edges.csv
  kg viz out/ -o view.html --focus 武陟县 --depth 2"""

FORMATS = ("ttl", "trig", "nt", "nq", "jsonld", "xml")   # kept equal to kg.graph.store.FORMATS
TABULAR_FORMATS = ("graphml", "gexf", "csv")   # kept equal to kg.graph.tabular.TABULAR_FORMATS


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"not a number of workers (0, 1, 2 …): {text!r}")
    if n == 0:
        import os
        n = os.cpu_count() or 1
    return n


def _megabytes(text: str) -> float:
    try:
        mb = float(text)
    except ValueError:
        mb = -1.0
    if not 0 < mb < 1e6:
        raise argparse.ArgumentTypeError(f"not a size in MB: {text!r}")
    return mb


def _depth(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"not a depth (0, 1, 2 …): {text!r}")
    return n


def _parser() -> argparse.ArgumentParser:
    # --debug and -q are accepted before or after the command; SUPPRESS keeps
    # the sub-parser from resetting what the main parser has already set.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the traceback of an error")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="print only results, no summaries")

    p = argparse.ArgumentParser(
        prog="kg", parents=[common], epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Knowledge graphs from Chinese poverty-alleviation (扶贫) news.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help: str, description: str | None = None):
        return sub.add_parser(name, parents=[common], help=help, description=description or help,
                              epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)

    b = command("build", "build the graph of articles into a folder",
                "Read article text files (or folders of *.txt), extract their facts and write "
                "OUT/graph.trig (one named graph per article), OUT/graph.ttl (their union), "
                "OUT/graph.html and OUT/summary.json.")
    b.add_argument("paths", nargs="+", metavar="PATH",
                   help="article files (.txt, .pdf, .html) or folders of them")
    b.add_argument("--max-size", type=_megabytes, metavar="MB",
                   help="largest text or HTML file read, in MB (default: 8; a PDF may be 32 "
                        "times as large)")
    b.add_argument("-o", "--out", required=True, metavar="OUT", help="the build folder")
    b.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help="publication date of the articles (overrides the page's)")
    b.add_argument("--no-html", action="store_true", help="do not write graph.html")
    b.add_argument("--workers", "-j", type=_workers, default=1, metavar="N",
                   help="extract N articles at once in N processes (default: 1; 0: one per core)")
    b.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="draw a progress bar on stderr (default: when stderr is a terminal)")
    b.add_argument("--cache", metavar="DIR",
                   help="keep extracted articles here for incremental builds "
                        "(default: OUT/.kg-cache when building several articles)")
    b.add_argument("--no-cache", action="store_true", help="extract every article again")
    b.add_argument("--store", choices=("auto", "oxigraph", "memory"), default="auto",
                   help="load the graph into the on-disk database OUT/oxigraph: auto (past "
                        "25,000 triples), always, or never (default: auto)")

    q = command("query", "answer a named question or any SPARQL",
                "QUERY is a competency question (officials, villages, assignments, funds, "
                "measures, events), a .rq file, or SPARQL text.")
    q.add_argument("graph", metavar="GRAPH", nargs="?",
                   help="a graph file or a built folder (not with --endpoint)")
    q.add_argument("query", metavar="QUERY", help="question name, .rq file or SPARQL text")
    q.add_argument("--store", choices=("auto", "oxigraph", "memory"), default="auto",
                   help="auto: the folder's Oxigraph database if it has one, else rdflib in "
                        "memory; oxigraph: Oxigraph (in memory for a file); memory: rdflib")
    q.add_argument("--endpoint", metavar="URL",
                   help="ask a remote SPARQL 1.1 query endpoint instead of a local graph")
    q.add_argument("--graph", dest="graph_iri", metavar="IRI",
                   help="with --endpoint: query this named graph as the default graph")
    q.add_argument("--timeout", type=float, default=60.0, metavar="S",
                   help="with --endpoint: give up after S seconds (default: 60)")
    q.add_argument("--format", "-f", choices=("table", "csv", "json"), default="table",
                   help="output format (default: table)")

    e = command("export", "write the graph in another RDF format, or for graph tools",
                "Triple formats (ttl, nt, xml) hold the union of the articles' graphs; "
                "quad formats (trig, nq, jsonld) keep one named graph per article. "
                "graphml and gexf (Gephi, Cytoscape, networkx) and csv (a folder with "
                "nodes.csv and edges.csv) hold the graph of entities and facts, literals as "
                "attributes (docs/analysis.md).")
    e.add_argument("graph", metavar="GRAPH", help="a graph file or a built folder")
    e.add_argument("--format", "-f", choices=FORMATS + TABULAR_FORMATS, required=True)
    e.add_argument("-o", "--output", metavar="FILE",
                   help="write here (default: stdout); for csv, a folder (required)")

    v = command("validate", "check the graph against the SHACL shapes",
                "Print a readable SHACL report; exit 0 when the graph conforms, 1 when not.")
    v.add_argument("graph", metavar="GRAPH", help="a graph file or a built folder")

    z = command("viz", "write an interactive HTML view of the graph")
    z.add_argument("graph", metavar="GRAPH", help="a graph file or a built folder")
    z.add_argument("-o", "--output", required=True, metavar="FILE", help="the .html file")
    z.add_argument("--focus", metavar="LABEL", help="show only the neighbourhood of this node")
    z.add_argument("--depth", type=_depth, default=2, metavar="N",
                   help="hops around --focus (default: 2)")
    z.add_argument("--types", metavar="A,B", help="keep only nodes of these classes")
    z.add_argument("--title", help="the page's title")

    ev = command("eval", "score the named questions against gold answers",
                 "Build each article of a corpus file (a JSON list of {\"article\": …, "
                 "\"gold\": …, \"date\": …}, paths relative to the file's folder), answer the "
                 "six questions and score them against the gold CSVs.")
    ev.add_argument("corpus", nargs="?", default="data/corpus.json", metavar="CORPUS_JSON",
                    help="the corpus file (default: data/corpus.json)")
    ev.add_argument("--gold-root", metavar="DIR",
                    help="resolve gold folders against DIR instead of the corpus file's folder")
    ev.add_argument("--json", action="store_true", help="machine-readable output")
    ev.add_argument("--keep", metavar="DIR", help="keep the predicted CSVs in DIR/<article>/")

    sv = command("serve", "serve the graph as a SPARQL 1.1 endpoint on 127.0.0.1",
                 "Serve GRAPH (a built folder or a graph file) at http://127.0.0.1:PORT/sparql "
                 "(SPARQL 1.1 Protocol, GET and POST; JSON, XML, CSV or TSV results by the Accept "
                 "header), with a query page at /. Read-only unless --writable (then SPARQL Update "
                 "at /update). Stop with Ctrl-C.")
    sv.add_argument("graph", metavar="GRAPH", help="a built folder or a graph file")
    sv.add_argument("--port", "-p", type=int, default=7878, help="TCP port (default: 7878; 0: any free)")
    sv.add_argument("--host", default="127.0.0.1", help="a loopback address (default: 127.0.0.1)")
    sv.add_argument("--writable", action="store_true", help="accept SPARQL Update at /update")
    sv.add_argument("--timeout", type=float, default=30.0, metavar="S",
                    help="stop a query after S seconds (default: 30)")
    sv.add_argument("--max-rows", type=int, default=10_000, metavar="N",
                    help="send at most N rows or triples of a result (default: 10000)")
    sv.add_argument("--workers", type=int, default=2, metavar="N",
                    help="queries answered at once (default: 2)")
    sv.add_argument("--memory", action="store_true",
                    help="load the database into each query process's memory at start (read-only "
                         "mode; 3-4 times as fast, ~1 GB and ~3 s a million triples)")

    pu = command("push", "load the graph into a remote SPARQL 1.1 store",
                 "Send GRAPH (a built folder or a graph file) to a store through the Graph Store "
                 "HTTP Protocol (--endpoint: Oxigraph http://HOST:7878/store, Fuseki "
                 "http://HOST:3030/DATASET/data) or SPARQL Update (--update URL), in batches, "
                 "retrying transient errors, then verify the triple count.")
    pu.add_argument("graph", metavar="GRAPH", help="a built folder or a graph file")
    pu.add_argument("--endpoint", metavar="URL", help="the store's Graph Store Protocol endpoint")
    pu.add_argument("--update", metavar="URL", help="the store's SPARQL Update endpoint")
    pu.add_argument("--graph", dest="graph_iri", metavar="IRI",
                    help="into this named graph (default: the default graph)")
    pu.add_argument("--named-graphs", action="store_true",
                    help="each article's graph into a named graph of its own")
    pu.add_argument("--query", metavar="URL",
                    help="the store's query endpoint, to verify the count (default: derived)")
    pu.add_argument("--batch", type=int, default=50_000, metavar="N",
                    help="triples per request (default: 50000)")
    pu.add_argument("--retries", type=int, default=4, metavar="N",
                    help="tries again on transient errors (default: 4)")
    pu.add_argument("--timeout", type=float, default=120.0, metavar="S",
                    help="seconds per request (default: 120)")
    pu.add_argument("--no-verify", action="store_true", help="do not count the triples afterwards")
    return p


# --- commands -------------------------------------------------------------

def _out(text: str) -> None:
    """Write exactly ``text`` to stdout as UTF-8, whatever the locale."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _line(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def cmd_build(args) -> int:
    from kg.pipeline import build

    if args.max_size:
        import os
        os.environ["KG_MAX_SIZE_MB"] = repr(args.max_size)   # worker processes inherit it

    progress = args.progress if args.progress is not None else (sys.stderr.isatty() and not args.quiet)
    cache = False if args.no_cache else args.cache
    summary = build(args.paths, args.out, date=args.date, html=not args.no_html,
                    workers=args.workers, progress=progress, cache=cache, store=args.store)
    if not args.quiet:
        _out(_line(summary.render()))
    return 0


def cmd_query(args) -> int:
    from kg.errors import UsageError
    from kg.query import load_query

    load_query(args.query)            # an unknown name fails before a big graph is read
    if args.endpoint:
        if args.graph:
            raise UsageError("give GRAPH or --endpoint URL, not both", code="E203")
        from kg.remote import query_endpoint

        result = query_endpoint(args.endpoint, args.query, graph=args.graph_iri,
                                timeout=args.timeout)
    else:
        if not args.graph:
            raise UsageError("give a GRAPH (a graph file or a built folder) or --endpoint URL",
                             code="E203")
        from kg.graph.oxigraph import query_path

        result = query_path(args.graph, args.query, store=args.store)
    if args.format == "csv":
        _out(result.to_csv())         # exactly the CSV: nothing before or after
    elif args.format == "json":
        _out(_line(result.to_json()))
    else:
        _out(_line(result.to_table()))
    return 0


def cmd_export(args) -> int:
    from kg.graph.store import format_for, load, save, serialize

    if args.format in TABULAR_FORMATS:
        from kg.graph.tabular import export

        if args.format == "csv" and not args.output:
            export(None, "csv")                 # the usage error, before a graph is read
        path = export(load(args.graph), args.format, args.output)
        if path is not None and not args.quiet:
            print(f"wrote {path}", file=sys.stderr)
        return 0
    graph = load(args.graph)
    fmt = format_for(None, args.format)
    if args.output:
        path = save(graph, args.output, fmt)
        if not args.quiet:
            print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.flush()
        serialize(graph, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return 0


def cmd_validate(args) -> int:
    from kg.graph.store import load
    from kg.validate import validate

    report = validate(load(args.graph))
    _out(_line(report.text))
    return 0 if report.conforms else 1


def cmd_viz(args) -> int:
    from kg.graph.store import load
    from kg.viz import write_html

    path = write_html(load(args.graph), args.output, focus=args.focus, depth=args.depth,
                      types=args.types, title=args.title)
    if not args.quiet:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_eval(args) -> int:
    import json

    from kg.evaluate import evaluate_corpus

    result = evaluate_corpus(args.corpus, gold_root=args.gold_root, keep=args.keep)
    if args.json:
        _out(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _out(_line(result.render()))
    return 0


def cmd_serve(args) -> int:
    from kg.serve import serve

    serve(args.graph, host=args.host, port=args.port, writable=args.writable, timeout=args.timeout,
          max_rows=args.max_rows, workers=args.workers, quiet=args.quiet, memory=args.memory)
    return 0


def cmd_push(args) -> int:
    from kg.push import main_log, push

    report = push(args.graph, endpoint=args.endpoint, update=args.update, graph=args.graph_iri,
                  named_graphs=args.named_graphs, query=args.query, batch=args.batch,
                  retries=args.retries, timeout=args.timeout, verify=not args.no_verify,
                  log=None if args.quiet else main_log)
    if not args.quiet:
        _out(_line(report.render()))
    return 0


COMMANDS = {"build": cmd_build, "query": cmd_query, "export": cmd_export,
            "validate": cmd_validate, "viz": cmd_viz, "eval": cmd_eval,
            "serve": cmd_serve, "push": cmd_push}


# --- entry point ----------------------------------------------------------

def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (see the module docstring)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:            # --help, --version, or argparse's usage error (2)
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    args.debug = getattr(args, "debug", False)
    args.quiet = getattr(args, "quiet", False)
    restore = _catch_termination()
    try:
        return COMMANDS[args.command](args)
    except _Terminated as e:
        print(f"kg: terminated ({e.name})", file=sys.stderr)
        return 128 + e.signum
    except KGError as e:
        if args.debug:
            import traceback
            traceback.print_exc()
        print(f"kg: {_one_line(e)}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (kg query … | head): not an error of ours.
        try:
            sys.stdout = open("/dev/null", "w")   # no second error at exit
        except OSError:
            pass
        return 0
    except Exception as e:              # a bug: one line, unless asked for more
        if args.debug:
            import traceback
            traceback.print_exc()
        print(f"kg: E999 internal error: {type(e).__name__}: {_one_line(e)}", file=sys.stderr)
        return 70
    finally:
        restore()


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so that staged files are
    removed and the build folder is left as it was."""

    def __init__(self, signum: int):
        import signal

        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


def _catch_termination():
    """Turn SIGTERM and SIGHUP into :class:`_Terminated`; returns the undo."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def terminated(signum, frame):
        raise _Terminated(signum)

    old = {}
    for name in ("SIGTERM", "SIGHUP"):
        num = getattr(signal, name, None)
        if num is not None:
            try:
                old[num] = signal.signal(num, terminated)
            except (ValueError, OSError):
                pass

    def restore():
        for num, handler in old.items():
            signal.signal(num, handler)
    return restore


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
