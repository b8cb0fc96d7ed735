"""``okrbook``: a thin command line. Each subcommand parses and calls one function.

A user's mistake prints one clear line naming the file and field (in the
chosen language) and exits 1; tracebacks are left for bugs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from okrbook import i18n
from okrbook.analysis.report import check_path, format_text
from okrbook.company.folder import is_company
from okrbook.core.sheet import parse_quarter
from okrbook.errors import OkrbookError
from okrbook.io import journal
from okrbook.io.files import os_error, read_mapping, read_text
from okrbook.io.stores import RECORD_NAME

EXIT_INVALID = 1


def _say(key: str, lang: str, **params: object) -> None:
    print(i18n.message(key, lang, **params))


def cmd_check(args: argparse.Namespace, lang: str) -> int:
    """Validate a sheet, a record, a workbook folder or a company folder and print its scores."""
    if is_company(args.file):
        return cmd_check_company(args, lang)
    summary = check_path(args.file, lang)
    path = summary["file"]
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(format_text(summary, lang))
        print(f"\n{path}: {i18n.message('valid', lang)}")
    return 0


def cmd_check_company(args: argparse.Namespace, lang: str) -> int:
    """A company folder: each department as the roll-up reads it, and every wrong link or name."""
    from okrbook.company.gather import check_company
    from okrbook.company.report import PLAIN, RED

    result = check_company(args.file, lang, workers=os.cpu_count() or 1)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0 if result["valid"] else EXIT_INVALID
    color = sys.stdout.isatty()
    red = (lambda s: f"{RED}{s}{PLAIN}") if color else (lambda s: s)
    for d in result["departments"]:
        if d["valid"]:
            _say("company_department_ok", lang, name=d["name"], quarters=", ".join(d["quarters"]) or "—")
        else:
            print(
                red(
                    i18n.message(
                        "company_department_broken", lang, name=d["folder"], reason=d["error"]["message"]
                    )
                )
            )
    for p in result["problems"]:
        print(red(f"{p['department']}: {p['message'] if not p['file'] else p['file'] + ': ' + p['message']}"))
    if result["valid"]:
        _say("company_valid", lang, count=len(result["departments"]))
        return 0
    print(red(i18n.message("company_invalid", lang, count=result["problem_count"])))
    return EXIT_INVALID


def cmd_rollup(args: argparse.Namespace, lang: str) -> int:
    """The roll-up across departments: text, --json for scripts, or a report file (-o)."""
    from okrbook.company.gather import company_rollup
    from okrbook.company.report import format_text, write_report

    quarter = parse_quarter(args.quarter) if args.quarter else None
    today = dt.date.fromisoformat(args.today) if args.today else None
    data = company_rollup(args.company, quarter, today, args.lang or None, workers=os.cpu_count() or 1)
    if args.output:
        path = write_report(data, args.output)
        _say("rollup_written", lang, path=path)
    elif args.json:
        # one line: with indent, json falls back to its pure-Python encoder, ten times slower here
        print(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    else:
        print(format_text(data))
    return 0


def cmd_new_company(args: argparse.Namespace, lang: str) -> int:
    from okrbook.company.review import write_review_notebook

    path = write_review_notebook(args.company, args.lang)
    _say("company_notebook_made", lang, path=path)
    return 0


def cmd_new(args: argparse.Namespace, lang: str) -> int:
    from okrbook.company.folder import adjust_for_company
    from okrbook.core.numbers import format_number
    from okrbook.io.workbook import new_workbook

    adjust = adjust_for_company(args.dir, parse_quarter(args.quarter))
    workbook, previous = new_workbook(args.quarter, args.okrs, args.dir, args.lang, adjust=adjust)
    _say("workbook_made", lang, path=workbook.folder)
    for change in workbook.record.sheet_changes:
        old, new = format_number(change.old), format_number(change.new)
        _say(
            "sheet_change_applied", lang, id=change.annual_kr, old=old, new=new, decided_on=change.decided_on
        )
    if previous is None:
        _say("no_previous", lang)
    else:
        record = workbook.record
        _say(
            "carried_over",
            lang,
            quarter=previous[0],
            homework=len(record.homework_review),
            whiteboard=len(record.whiteboard),
        )
    return 0


def cmd_demo(args: argparse.Namespace, lang: str) -> int:
    from okrbook.io.workbook import make_demo, notebook_name

    if args.company:
        from okrbook.company.review import make_company_demo

        notebook = make_company_demo(args.dir, args.lang)
    else:
        workbook = make_demo(args.dir, args.lang)
        notebook = workbook.folder / notebook_name(workbook.quarter)
    _say("workbook_made", lang, path=notebook)
    if args.no_lab:
        return 0
    command = [sys.executable, "-m", "jupyter", "lab", notebook.name]
    if os.name == "posix" and os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses root otherwise (containers, CI machines)
    return subprocess.call(command, cwd=notebook.parent)


def cmd_import(args: argparse.Namespace, lang: str) -> int:
    from okrbook.io.importer import import_export, write_sheet

    sheet = import_export(args.export, year=args.year, department=args.department, quarter=args.quarter)
    write_sheet(sheet, args.output, force=args.force)
    krs = sum(len(o.key_results) for o in sheet.annual) + sum(
        len(o.key_results) for objs in sheet.quarters.values() for o in objs
    )
    objectives = len(sheet.annual) + sum(len(objs) for objs in sheet.quarters.values())
    _say("imported", lang, objectives=objectives, krs=krs, path=args.output)
    return 0


def cmd_export(args: argparse.Namespace, lang: str) -> int:
    from okrbook.minutes.export import export_minutes

    def progress(done: int, total: int, section: str) -> None:
        line = i18n.message("export_running", lang, done=done, total=total, section=section)
        print(f"\r{line}\033[K", end="", file=sys.stderr, flush=True)

    path = export_minutes(args.workbook, args.format, args.output, progress, execute=args.execute)
    print(file=sys.stderr)
    _say("export_written", lang, path=path)
    return 0


def cmd_prework_import(args: argparse.Namespace, lang: str) -> int:
    from okrbook.prework.survey import import_survey

    written = import_survey(args.survey, args.workbook, force=args.force)
    folder = written[0][1].parent if written else Path(args.workbook)
    members = i18n.join_names((member for member, _ in written), lang)
    _say("survey_imported", lang, count=len(written), path=folder, members=members)
    return 0


def cmd_hub_setup(args: argparse.Namespace, lang: str) -> int:
    """Users, groups, owners and ACLs from the roster; ``--dry-run`` prints the commands instead."""
    from okrbook.hub import setup
    from okrbook.hub.roster import load_roster

    roster = load_roster(args.company)
    if args.dry_run:
        steps = setup.plan(roster, setup.System.read(), args.group_prefix)
        for step in steps:
            print(f"{step.shell()}  # {step.why}")
        if not steps:
            _say("hub_nothing_to_do", lang)
        return 0
    done = setup.apply(roster, args.group_prefix)
    for step in done:
        print(step.shell())
    if done:
        _say("hub_done", lang, count=len(done))
    else:
        _say("hub_nothing_to_do", lang)
    return 0


def _hub_config(args: argparse.Namespace) -> str:
    from okrbook.hub.config import config_text

    return config_text(
        args.company,
        ip=args.ip,
        port=args.port,
        hub_port=args.hub_port,
        proxy_api_port=args.proxy_api_port,
        public_url=args.public_url,
        state=Path(args.state).resolve(),
        python=args.python,
    )


def cmd_hub_config(args: argparse.Namespace, lang: str) -> int:
    """Write the ``jupyterhub_config.py`` that serves the company folder."""
    from okrbook.io.files import atomic_write

    text = _hub_config(args)
    if args.output == "-":
        print(text, end="")
        return 0
    atomic_write(args.output, text, backups=1)
    _say("hub_config_written", lang, path=args.output)
    return 0


def cmd_hub_start(args: argparse.Namespace, lang: str) -> int:
    """Write the configuration into the state folder and run JupyterHub there (as root)."""
    from okrbook.io.files import atomic_write

    state = Path(args.state).resolve()
    state.mkdir(parents=True, exist_ok=True)
    config = state / "jupyterhub_config.py"
    atomic_write(config, _hub_config(args), backups=1)
    os.chdir(state)
    os.execvp(sys.executable, [sys.executable, "-m", "jupyterhub", "-f", str(config)])


def _versioned_file(workbook: str, member: str | None) -> Path:
    """The record of ``workbook``, or the pre-work file of ``member`` (found however the name is typed)."""
    from okrbook.prework.members import FOLDER, path_for

    folder = Path(workbook)
    if folder.is_file():
        folder = folder.parent
    if member is None:
        return folder / RECORD_NAME
    path = path_for(folder / FOLDER, member)
    if not path.exists() and not journal.journal_path(path).exists():
        raise OkrbookError("member_no_file", {"member": member}, file=folder / FOLDER)
    return path


def cmd_history(args: argparse.Namespace, lang: str) -> int:
    """List the saved versions of a record or member file, from its journal (and the file itself)."""
    path = _versioned_file(args.workbook, args.member)
    versions = {e.revision: (e.saved, e.size) for e in journal.entries(path)}
    current = None
    if path.exists():
        try:
            current = read_mapping(path).get("revision")
        except (OkrbookError, AttributeError):
            current = None  # unreadable now: every version in the journal can still be restored
        if isinstance(current, int) and current not in versions:  # saved before okrbook kept a journal
            versions[current] = (path.stat().st_mtime, len(read_text(path)))
    if not versions:
        _say("history_none", lang, path=path)
        return 0
    _say("history_title", lang, path=path, count=len(versions))
    for revision, (saved, chars) in sorted(versions.items()):
        when = dt.datetime.fromtimestamp(saved).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        mark = i18n.message("history_current", lang) if revision == current else ""
        _say("history_line", lang, revision=revision, saved_at=when, chars=chars, current=mark)
    member = f' --member "{args.member}"' if args.member else ""
    _say("history_hint", lang, workbook=args.workbook, member=member)
    return 0


def cmd_restore(args: argparse.Namespace, lang: str) -> int:
    """Bring a version back from the journal, saved as the newest (so a restore can be undone)."""
    from okrbook.io.stores import restore_record
    from okrbook.prework.members import restore_prework

    path = _versioned_file(args.workbook, args.member)
    restored = (restore_prework if args.member else restore_record)(path, args.revision)
    _say("restored", lang, path=path, revision=args.revision, new=restored.revision)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okrbook", description="部门级 OKR 复盘工作簿 · the quarterly OKR retrospective workbook"
    )
    lang_help = "language: zh or en (of messages; of the workbook for new and demo)"
    parser.add_argument("--lang", choices=i18n.LANGS, help=lang_help)
    # --lang is accepted after the subcommand too; SUPPRESS keeps a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=i18n.LANGS, default=argparse.SUPPRESS, help=lang_help)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help)

    p = add("check", "validate an OKR sheet, a quarter record, a workbook folder or a company folder")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=cmd_check)

    p = add("new", "make the quarter's workbook folder")
    p.add_argument("quarter", help="e.g. 2026Q3 or 2026-Q3")
    p.add_argument("--okrs", required=True, help="the OKR sheet (YAML)")
    p.add_argument("--dir", default=".", help="the folder that holds one folder per quarter")
    p.set_defaults(run=cmd_new)

    p = add("demo", "make the example department's Q3 workbook and open JupyterLab")
    p.add_argument("--dir", default="okrbook-demo")
    p.add_argument(
        "--company",
        action="store_true",
        help="the example company (云帆科技) and its review notebook instead",
    )
    p.add_argument("--no-lab", action="store_true", help="make the workbook, do not start JupyterLab")
    p.set_defaults(run=cmd_demo)

    p = add("export", "write the minutes of a workbook (self-contained HTML, Markdown or PDF)")
    p.add_argument("workbook", help="the quarter's workbook folder")
    p.add_argument("--format", choices=("html", "md", "pdf"), default="html")
    p.add_argument("-o", "--output", help="default: <quarter>-minutes.<format> in the workbook")
    p.add_argument(
        "--execute", action="store_true", help="run the notebook first (for your own cells' outputs)"
    )
    p.set_defaults(run=cmd_export)

    p = add("rollup", "the roll-up across a company's departments for a quarter")
    p.add_argument("company", help="the company folder (company.yaml and one folder per department)")
    p.add_argument("--quarter", help="e.g. 2026Q3 (default: the latest quarter with a record)")
    p.add_argument("--json", action="store_true", help="print the roll-up as JSON")
    p.add_argument("-o", "--output", help="write a report: report.html, report.md or report.pdf")
    p.add_argument("--today", help="judge homework overdue as of this date (YYYY-MM-DD; default today)")
    p.set_defaults(run=cmd_rollup)

    p = add("new-company", "write the company's review notebook into a company folder")
    p.add_argument("company", help="the company folder")
    p.set_defaults(run=cmd_new_company)

    p = add("import", "turn an OKR tool's CSV/XLSX export into an OKR sheet")
    p.add_argument("export")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--year", type=int)
    p.add_argument("--department")
    p.add_argument("--quarter", help="put rows with no period column into this quarter (e.g. Q3)")
    p.add_argument("--force", action="store_true", help="overwrite the output file")
    p.set_defaults(run=cmd_import)

    p = add("history", "list the saved versions of a workbook's record (or of a member's pre-work)")
    p.add_argument("workbook", help="the quarter's workbook folder")
    p.add_argument("--member", help="a member's pre-work file instead of the record")
    p.set_defaults(run=cmd_history)

    p = add("restore", "bring back a saved version (as a new version, so it can be undone)")
    p.add_argument("workbook", help="the quarter's workbook folder")
    p.add_argument("revision", type=int, help="the revision, as okrbook history lists it")
    p.add_argument("--member", help="a member's pre-work file instead of the record")
    p.set_defaults(run=cmd_restore)

    p = add("hub", "serve a company folder with JupyterHub (as root)")
    hub = p.add_subparsers(dest="hub_command", required=True)
    p = hub.add_parser("setup", parents=[common], help="system users, groups and permissions from the roster")
    p.add_argument("company", help="the company folder (its company.yaml holds the roster)")
    p.add_argument("--dry-run", action="store_true", help="print the commands, change nothing")
    p.add_argument("--group-prefix", default="okr-", help="of the groups okrbook makes (default okr-)")
    p.set_defaults(run=cmd_hub_setup)
    for name, run, what in (
        ("config", cmd_hub_config, "write jupyterhub_config.py for the company folder"),
        ("start", cmd_hub_start, "write the configuration into --state and start JupyterHub"),
    ):
        p = hub.add_parser(name, parents=[common], help=what)
        p.add_argument("company", help="the company folder")
        p.add_argument("--ip", default="127.0.0.1", help="where the hub listens (behind your TLS proxy)")
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--hub-port", type=int, default=8081, help="the hub's own API, on 127.0.0.1")
        p.add_argument("--proxy-api-port", type=int, default=8001, help="the proxy's API, on 127.0.0.1")
        p.add_argument("--public-url", default="", help="https://okr.example.com/ as people reach it")
        p.add_argument("--state", default="/srv/okrbook-hub", help="the hub's database and cookie secret")
        p.add_argument(
            "--python", default="", help="the Python of the single-user servers (default: this one)"
        )
        if name == "config":
            p.add_argument("-o", "--output", default="jupyterhub_config.py", help="- prints it")
        p.set_defaults(run=run)

    p = add("prework", "the members' pre-work (会前作业)")
    pre = p.add_subparsers(dest="prework_command", required=True)
    p = pre.add_parser("import", parents=[common], help="import an online survey's CSV/XLSX export")
    p.add_argument("survey", help="the survey export: one row per member, one column per question")
    p.add_argument("workbook", help="the quarter's workbook folder")
    p.add_argument("--force", action="store_true", help="replace members' existing pre-work files")
    p.set_defaults(run=cmd_prework_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # `okrbook check big.yaml | head` should end quietly, as other command-line tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
    lang = i18n.detect_lang(args.lang)
    try:
        return args.run(args, lang)
    except OkrbookError as err:
        if getattr(args, "json", False):
            print(json.dumps({"valid": False, "error": err.facts(lang)}, ensure_ascii=False, indent=2))
        print(f"okrbook: {err.render(lang)}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as err:
        # the file system said no (a folder where a file should be, no space, no permission)
        print(f"okrbook: {os_error(err, err.filename or '?').render(lang)}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
