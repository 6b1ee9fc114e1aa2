"""The `souverain` command: parse arguments, call one library function, print, exit.

Exit codes (also in --help and the README):
  0  success
  1  the data does not conform (SHACL violations), or an evaluation below target
  2  bad input or usage: unreadable article, invalid sidecar, no article, bad option
  3  an environment problem: a file or port that cannot be used, a missing dependency
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .config import DIST_DIR, SEEDS_DIR, SHACL_ENGINES, Settings, setting_help
from .errors import (
    InputError,
    NoArticlesError,
    PublishError,
    ReferenceDataError,
    SouverainError,
    StoreError,
    ValidationFailed,
)

EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_ENVIRONMENT = 0, 1, 2, 3

EPILOG = """exit codes: 0 success; 1 data does not conform to the SHACL shapes; 2 bad input
(unreadable article, invalid sidecar, no article, bad option); 3 environment
problem (unwritable directory, port in use, missing model)."""

HELP = setting_help()


def _err(message: str) -> None:
    print(f"souverain: {message}", file=sys.stderr)


def _progress(stream: Iterator, total: int) -> Iterator:
    """A progress bar over articles on stderr (quiet when stderr is not a terminal)."""
    from tqdm import tqdm

    return iter(
        tqdm(
            stream,
            total=total,
            unit="article",
            desc="extracting",
            file=sys.stderr,
            disable=not sys.stderr.isatty() and not os.environ.get("SOUVERAIN_PROGRESS"),
        )
    )


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    for name in (
        "base",
        "input_dir",
        "out_dir",
        "jobs",
        "model",
        "host",
        "port",
        "store_dir",
        "query_timeout",
        "max_query_bytes",
        "max_rows",
        "cache_dir",
        "reference_timeout",
        "scheduler",
        "shapes_dir",
        "shacl_engine",
        "workers",
        "worker_max_rss_mb",
        "result_cache_mb",
    ):
        value = getattr(args, name, None)
        if value is not None:
            setattr(settings, name, value)
    if getattr(args, "reference", None):
        settings.references = tuple(args.reference)
    if getattr(args, "no_cache", False):
        settings.incremental = False
    if getattr(args, "gzip", False):
        settings.gzip_dumps = True
    if getattr(args, "service_allow", None):
        settings.service_allowlist = tuple(args.service_allow)
    return settings


# --- commands ---------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    settings = _settings(args)
    summary = build(settings, progress=_progress, warn=lambda m: _err(f"warning: {m}"))
    facts = ", ".join(f"{count} {kind}" for kind, count in sorted(summary.facts.items())) or "none"
    print(f"built {summary.articles} article(s) into {summary.out_dir}")
    print(f"  mentions  {summary.mentions}")
    print(f"  entities  {summary.entities} ({summary.linked} linked to Wikidata)")
    print(f"  facts     {facts}")
    print(f"  triples   {summary.triples} ({summary.quads} quads)")
    print("  SHACL     conforms")
    if summary.warnings:
        print(f"  warnings  {len(summary.warnings)} (see above)")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_file

    settings = _settings(args)
    report = validate_file(Path(args.file), shapes_dir=settings.shapes_dir, engine=settings.shacl_engine)
    if report.conforms:
        print(f"{args.file}: conforms")
        return EXIT_OK
    print(report.text())
    return EXIT_INVALID


def cmd_stats(args: argparse.Namespace) -> int:
    from .stats import dataset_stats, format_stats

    path = Path(args.dataset)
    if not path.exists():
        raise InputError(str(path), "no such dataset; run `souverain build` first")
    print(format_stats(dataset_stats(path)))
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    dataset = Path(args.dataset)
    if not dataset.exists():
        raise InputError(str(dataset), "no such dataset; run `souverain build` first")
    gold = Path(args.gold)
    if not gold.is_dir():
        raise InputError(str(gold), "not a directory of gold YAML files")
    result = evaluate(dataset, gold)
    print(format_report(result, verbose=args.verbose))
    return EXIT_OK


def cmd_link(args: argparse.Namespace) -> int:
    from .link import Linker
    from .reference import load_reference

    settings = _settings(args)
    reference = load_reference(
        settings.references,
        cache_dir=settings.cache_dir,
        timeout=settings.reference_timeout,
        warn=lambda m: _err(f"warning: {m}"),
    )
    linker = Linker(reference)
    decision = linker.link(args.name, args.label, tuple(args.context or ()))
    if args.explain:
        print(linker.explain(decision))
    else:
        print(f"{decision.name}\t{decision.qid or 'NIL'}\t{decision.score:.3f}\t{decision.method}")
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    from .push import push

    result = push(
        Path(args.dataset),
        args.endpoint,
        update_endpoint=args.update_endpoint,
        graph_store=args.graph_store,
        user=args.user,
        password=os.environ.get(args.password_env or "", None),
        batch_size=args.batch_size,
        retries=args.retries,
        timeout=args.timeout,
        log=lambda m: print(m, file=sys.stderr),
    )
    print(result.summary())
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import run

    settings = _settings(args)
    if not args.no_build and not (Path(settings.out_dir) / "SHA256SUMS").exists():
        cmd_build(args)
    run(settings)
    return EXIT_OK


# --- parser -----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="souverain",
        description="Read French press articles about the French sovereign cloud and publish who did "
        "what as linked data (schema.org, ORG, PROV-O), validated with SHACL and served over SPARQL.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"souverain {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--base", help=HELP["base"] + " Default: https://w3id.org/souverain/")
        p.add_argument(
            "--reference",
            action="append",
            metavar="PATH|URL",
            help=HELP["references"] + " Repeatable; the shipped ontology/reference.ttl is always used.",
        )
        p.add_argument("--cache-dir", dest="cache_dir", type=Path, help=HELP["cache_dir"])
        p.add_argument(
            "--reference-timeout", dest="reference_timeout", type=float, help=HELP["reference_timeout"]
        )

    def shapes(p: argparse.ArgumentParser) -> None:
        p.add_argument("--shapes", dest="shapes_dir", type=Path, help=HELP["shapes_dir"])
        p.add_argument("--shacl-engine", dest="shacl_engine", choices=SHACL_ENGINES,
                       help=HELP["shacl_engine"] + f" Default: {SHACL_ENGINES[0]}.")

    def building(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--input", dest="input_dir", type=Path, help=f"{HELP['input_dir']} Default: {SEEDS_DIR.name}/"
        )
        p.add_argument(
            "--out", dest="out_dir", type=Path, help=f"{HELP['out_dir']} Default: {DIST_DIR.name}/"
        )
        p.add_argument("--jobs", type=int, help=HELP["jobs"] + " Default: 1.")
        p.add_argument("--scheduler", metavar="ADDRESS", help=HELP["scheduler"])
        p.add_argument(
            "--no-cache", action="store_true", help="rebuild every article: " + HELP["incremental"]
        )
        p.add_argument("--gzip", action="store_true", help=HELP["gzip_dumps"])
        shapes(p)
        p.add_argument("--model", help=HELP["model"])
        common(p)

    p = sub.add_parser(
        "build",
        help="build, validate and publish the dataset",
        epilog=EPILOG,
        description="Read the articles of --input, extract entities and facts, link them to "
        "Wikidata, map them to RDF, validate with SHACL and publish the dumps to --out "
        "(atomically: a failed build leaves --out as it was). Honours SOURCE_DATE_EPOCH.",
    )
    building(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "validate",
        help="validate an RDF file against the SHACL shapes",
        epilog=EPILOG,
        description="Validate FILE (TriG, N-Quads, Turtle or JSON-LD) against shapes/.",
    )
    p.add_argument("file", help="the RDF file to validate")
    shapes(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "stats",
        help="counts per class and per article",
        epilog=EPILOG,
        description="Print the number of resources per class and per article of a built dataset.",
    )
    p.add_argument(
        "--dataset", default=str(DIST_DIR / "dataset.nq"), help="the N-Quads dump (default dist/dataset.nq)"
    )
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "evaluate",
        help="precision/recall/F1 against gold annotations",
        epilog=EPILOG,
        description="Compare the built dataset with gold YAML files: entities, linking, roles, "
        "fundings, creations, memberships, quotes; per article and overall.",
    )
    p.add_argument("--gold", required=True, help="directory of gold YAML files (one per article)")
    p.add_argument(
        "--dataset", default=str(DIST_DIR / "dataset.nq"), help="the N-Quads dump (default dist/dataset.nq)"
    )
    p.add_argument("--verbose", action="store_true", help="list every false positive, miss and wrong link")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "link",
        help="show how a name links to Wikidata",
        epilog=EPILOG,
        description="Run the linker on NAME and print its decision (--explain: every candidate "
        "and why one won or why none did).",
    )
    p.add_argument("name", help='the name as an article writes it, e.g. "Caisse des Dépôts"')
    p.add_argument("--label", default="ORG", choices=["PER", "ORG", "LOC", "MISC"], help="the mention's type")
    p.add_argument("--context", action="append", help="another name or word of the article (repeatable)")
    p.add_argument("--explain", action="store_true", help="show the candidates and the reasons")
    common(p)
    p.set_defaults(func=cmd_link)

    p = sub.add_parser(
        "push",
        help="publish the dataset into an external SPARQL 1.1 store",
        epilog=EPILOG,
        description="Load each named graph of the dataset into a SPARQL 1.1 store (Graph Store "
        "Protocol, or SPARQL Update where the store lacks it), replacing each graph atomically; "
        "pushing twice changes nothing.",
    )
    p.add_argument("--endpoint", required=True, help="the store's SPARQL query endpoint URL")
    p.add_argument("--update-endpoint", help="its SPARQL Update endpoint, when it is not --endpoint")
    p.add_argument("--graph-store", help="its Graph Store Protocol endpoint, when it has one")
    p.add_argument(
        "--dataset", default=str(DIST_DIR / "dataset.nq"), help="the N-Quads dump (default dist/dataset.nq)"
    )
    p.add_argument("--user", help="user name for HTTP authentication")
    p.add_argument("--password-env", metavar="VAR", help="environment variable holding the password")
    p.add_argument("--batch-size", type=int, default=5000, help="triples per request (default 5000)")
    p.add_argument(
        "--retries", type=int, default=3, help="retries on a failed request, with backoff (default 3)"
    )
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser(
        "serve",
        help="serve the dataset: SPARQL endpoint and linked-data pages",
        epilog=EPILOG,
        description="Load dist/ into the query store (rebuilt only when dist/ changed) and serve "
        "/sparql, /id/..., /dumps/ and the HTML pages. Builds dist/ first if it is missing.",
    )
    building(p)
    p.add_argument("--host", help=HELP["host"] + " Default: 127.0.0.1.")
    p.add_argument("--port", type=int, help=HELP["port"] + " Default: 8000.")
    p.add_argument("--store", dest="store_dir", type=Path, help=HELP["store_dir"])
    p.add_argument(
        "--query-timeout", dest="query_timeout", type=float, help=HELP["query_timeout"] + " Default: 30."
    )
    p.add_argument("--max-query-bytes", dest="max_query_bytes", type=int, help=HELP["max_query_bytes"])
    p.add_argument("--max-rows", dest="max_rows", type=int, help=HELP["max_rows"])
    p.add_argument("--workers", type=int, help=HELP["workers"])
    p.add_argument(
        "--worker-max-rss",
        dest="worker_max_rss_mb",
        type=int,
        metavar="MB",
        help=HELP["worker_max_rss_mb"] + " Default: 60.",
    )
    p.add_argument(
        "--result-cache",
        dest="result_cache_mb",
        type=int,
        metavar="MB",
        help=HELP["result_cache_mb"] + " Default: 32.",
    )
    p.add_argument(
        "--service-allow",
        dest="service_allow",
        action="append",
        metavar="URL",
        help=HELP["service_allowlist"] + " Repeatable.",
    )
    p.add_argument("--no-build", action="store_true", help="never build; fail if dist/ is missing")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return int(args.func(args))
    except ValidationFailed as error:
        print(error.report, file=sys.stderr)
        _err(str(error))
        return EXIT_INVALID
    except (InputError, NoArticlesError) as error:
        _err(str(error))
        return EXIT_INPUT
    except BrokenPipeError:
        # the reader went away (`souverain stats | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (PublishError, StoreError, ReferenceDataError, OSError) as error:
        _err(str(error))
        return EXIT_ENVIRONMENT
    except SouverainError as error:
        _err(str(error))
        return EXIT_INPUT
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
