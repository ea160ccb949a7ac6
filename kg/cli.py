"""The ``kg`` command (also ``python -m kg``).

Commands::

    kg build PATH... -o OUT [--date YYYY-MM-DD] [--no-html]
    kg query GRAPH QUERY [--format table|csv|json]
    kg export GRAPH --format ttl|trig|nt|nq|jsonld|xml [-o FILE]
    kg validate GRAPH
    kg viz GRAPH -o FILE [--focus LABEL] [--depth N] [--types A,B]
    kg eval [CORPUS_JSON] [--gold-root DIR] [--json] [--keep DIR]

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
    130: "interrupted",
}

_EPILOG = "exit status:\n" + "\n".join(f"  {k:<4} {v}" for k, v in EXIT_CODES.items()) + """

examples:
  kg build data/articles/ -o out/
  kg query out/ officials --format csv
  kg query out/ 'SELECT ?s WHERE { ?s a fp:Village }'
  kg export out/ --format jsonld -o graph.jsonld
  kg viz out/ -o view.html --focus 武陟县 --depth 2"""

FORMATS = ("ttl", "trig", "nt", "nq", "jsonld", "xml")   # kept equal to kg.graph.store.FORMATS


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


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
    b.add_argument("paths", nargs="+", metavar="PATH", help="article .txt files or folders")
    b.add_argument("-o", "--out", required=True, metavar="OUT", help="the build folder")
    b.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help="publication date of the articles (overrides the page's)")
    b.add_argument("--no-html", action="store_true", help="do not write graph.html")

    q = command("query", "answer a named question or any SPARQL",
                "QUERY is a competency question (officials, villages, assignments, funds, "
                "measures, events), a .rq file, or SPARQL text.")
    q.add_argument("graph", metavar="GRAPH", help="a graph file or a built folder")
    q.add_argument("query", metavar="QUERY", help="question name, .rq file or SPARQL text")
    q.add_argument("--format", "-f", choices=("table", "csv", "json"), default="table",
                   help="output format (default: table)")

    e = command("export", "write the graph in another RDF format",
                "Triple formats (ttl, nt, xml) hold the union of the articles' graphs; "
                "quad formats (trig, nq, jsonld) keep one named graph per article.")
    e.add_argument("graph", metavar="GRAPH", help="a graph file or a built folder")
    e.add_argument("--format", "-f", choices=FORMATS, required=True)
    e.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")

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

    summary = build(args.paths, args.out, date=args.date, html=not args.no_html)
    if not args.quiet:
        _out(_line(summary.render()))
    return 0


def cmd_query(args) -> int:
    from kg.graph.store import load
    from kg.query import load_query, run_query

    load_query(args.query)            # an unknown name fails before a big graph is read
    result = run_query(load(args.graph), args.query)
    if args.format == "csv":
        _out(result.to_csv())         # exactly the CSV: nothing before or after
    elif args.format == "json":
        _out(_line(result.to_json()))
    else:
        _out(_line(result.to_table()))
    return 0


def cmd_export(args) -> int:
    from kg.graph.store import format_for, load, save, serialize

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


COMMANDS = {"build": cmd_build, "query": cmd_query, "export": cmd_export,
            "validate": cmd_validate, "viz": cmd_viz, "eval": cmd_eval}


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
    try:
        return COMMANDS[args.command](args)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
