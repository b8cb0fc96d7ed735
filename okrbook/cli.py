"""``okrbook``: a thin command line. Each subcommand parses and calls one function.

A user's mistake prints one clear line naming the file and field (in the
chosen language) and exits 1; tracebacks are left for bugs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from okrbook import i18n
from okrbook.analysis.report import check_path, format_text
from okrbook.company.folder import is_company
from okrbook.core import method
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
    # a first quarter is in OKRBOOK_LANG when it is set, not the machine's locale: that is not the team's
    first_lang = os.environ.get("OKRBOOK_LANG")
    workbook, previous = new_workbook(
        args.quarter, args.okrs, args.dir, args.lang, adjust=adjust, first_lang=first_lang
    )
    lang = workbook.lang  # the new workbook's, carried from the last quarter or given
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
        lang = workbook.lang
    _say("workbook_made", lang, path=notebook)
    if args.no_lab:
        return 0
    command = [sys.executable, "-m", "jupyter", "lab", notebook.name]
    if os.name == "posix" and os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses root otherwise (containers, CI machines)
    return subprocess.call(command, cwd=notebook.parent, env=demo_lab_env(Path(args.dir)))


def demo_lab_env(root: Path) -> dict[str, str]:
    """The demo's JupyterLab's environment: ``ROOT/.jupyter`` first, so it asks about no Jupyter news.

    See :mod:`okrbook.io.labconfig`.
    """
    from okrbook.io.labconfig import CONFIG_DIR, lab_env, write_lab_config

    return lab_env(write_lab_config((root / CONFIG_DIR).resolve()))


def cmd_import(args: argparse.Namespace, lang: str) -> int:
    """An export into a new sheet (``-o``), or into a workbook's snapshot (``--into``); says what it assumed
    and, over an existing sheet, what changed."""
    from okrbook.core.sheet import diff_sheets
    from okrbook.io.importer import read_import, write_sheet
    from okrbook.io.stores import load_sheet

    if args.into:
        return _refresh(args, lang)
    out = Path(args.output)
    previous = None
    if out.is_file():
        try:
            previous = load_sheet(out)
        except OkrbookError:
            if args.merge:
                raise
            previous = None  # not a sheet okrbook reads: nothing to compare with
    if args.merge and previous is None:
        raise OkrbookError("file_missing", file=out)
    options: dict = {"year": args.year, "department": args.department, "quarter": args.quarter}
    if args.merge:  # the export's quarters into the sheet, the rest of the sheet kept
        options.update(year=args.year or previous.year, department=args.department or previous.department)
        options["keep"], args.force = previous, True
    imported = read_import(args.export, **options)
    diff = None if previous is None else diff_sheets(previous, imported.sheet)
    if diff is not None and not args.force:
        _say_diff(diff, out, lang)  # what --force would change
    write_sheet(imported.sheet, out, force=args.force)
    _say_imported(imported, out, lang)
    if diff is not None:
        _say_diff(diff, out, lang)
    if imported.quarters:
        _say("imported_next", lang, quarter=f"{imported.sheet.year}{imported.quarters[-1]}", path=out)
    return 0


def _say_imported(imported, out: Path, lang: str) -> None:
    """How many objectives and KRs went where, and what the import assumed to place them."""
    sheet = imported.sheet
    parts = [(i18n.message("imported_annual", lang, year=sheet.year), sheet.annual)] if sheet.annual else []
    parts += [
        (i18n.message("imported_quarter", lang, quarter=f"{sheet.year}{q}"), objs)
        for q, objs in sheet.quarters.items()
    ]
    objectives = sum(len(objs) for _, objs in parts)
    krs = sum(len(o.key_results) for _, objs in parts for o in objs)
    _say("imported", lang, objectives=objectives, krs=krs, path=out)
    for part, objs in parts:
        _say(
            "imported_part", lang, part=part, objectives=len(objs), krs=sum(len(o.key_results) for o in objs)
        )
    for note in imported.notes:
        print(note.render(lang))


def _say_diff(diff, path: Path, lang: str) -> None:
    """What a re-import changes against ``path``, KR by KR (by id: the record's answers are keyed by it)."""
    from okrbook.core.numbers import format_number, format_percent, format_score

    if not diff:
        _say("sheet_diff_none", lang, path=path)
        return
    counts = {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed)}
    _say("sheet_diff_summary", lang, path=path, **counts)
    for kr in diff.added:
        _say("sheet_diff_added", lang, id=kr.id, title=kr.title)
    for kr in diff.removed:
        _say("sheet_diff_removed", lang, id=kr.id, title=kr.title)
    shown = {"progress": format_percent, "owner_score": format_score}
    names = {"title": "key_result", "owner_score": "owner_score_exported"}
    for kr, changes in diff.changed:
        said = []
        for name, old, new in changes:
            show = shown.get(name, format_number)
            before, after = (show(v) if v not in (None, "") else "—" for v in (old, new))
            said.append(f"{i18n.label(names.get(name, name), lang)} {before} → {after}")
        _say("sheet_diff_changed", lang, id=kr.id, changes="; ".join(said))


def _refresh(args: argparse.Namespace, lang: str) -> int:
    """``import EXPORT --into WORKBOOK_DIR``: the quarter's snapshot from a new export, its record kept."""
    from okrbook.io.workbook import refresh_sheet

    if args.year or args.department or args.quarter:
        raise OkrbookError("refresh_options", {"workbook": args.into})
    done = refresh_sheet(args.into, args.export, force=args.force)
    backup = done.path.with_name(done.path.name + ".bak1")
    _say("refreshed", lang, export=args.export, path=done.path, backup=backup)
    for note in done.imported.notes:
        print(note.render(lang))
    _say_diff(done.diff, done.path, lang)
    for kr, places in done.orphans:
        _say("refresh_orphan", lang, id=kr.id, title=kr.title, places=", ".join(places))
    return 0


def cmd_export(args: argparse.Namespace, lang: str) -> int:
    from okrbook.minutes.export import export_minutes

    def progress(done: int, total: int, section: str) -> None:
        title = method.section_title(section, lang)
        line = i18n.message("export_running", lang, done=done, total=total, section=title)
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
    from okrbook.hub.roster import check_roster

    roster = check_roster(args.company)
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
    from okrbook.hub.config import HubSettings, config_text

    return config_text(
        args.company,
        HubSettings(
            ip=args.ip,
            port=args.port,
            hub_port=args.hub_port,
            proxy_api_port=args.proxy_api_port,
            public_url=args.public_url,
            state=str(Path(args.state).resolve()),
            python=args.python,
        ),
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


@contextlib.contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """argparse's own words (usage, headings, its errors) in ``lang`` while the parser is built and used.

    argparse looks each up through its module's ``_`` (gettext) when it needs
    it; that is swapped for :data:`okrbook.i18n.ARGPARSE_ZH` and put back after.
    """
    if lang != "zh":
        yield
        return
    english = argparse._
    argparse._ = lambda text: i18n.ARGPARSE_ZH.get(text, english(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line, its help in ``lang`` (call it inside :func:`argparse_in` for argparse's words)."""

    def h(key: str) -> str:
        return i18n.label(f"cli_{key}", lang)

    parser = argparse.ArgumentParser(prog="okrbook", description=h("description"))
    parser.add_argument("--lang", choices=i18n.LANGS, help=h("lang"))
    # --lang is accepted after the subcommand too; SUPPRESS keeps a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=i18n.LANGS, default=argparse.SUPPRESS, help=h("lang"))
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, key: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=h(key), description=h(key))

    p = add("check", "check")
    p.add_argument("file", help=h("check_file"))
    p.add_argument("--json", action="store_true", help=h("check_json"))
    p.set_defaults(run=cmd_check)

    p = add("new", "new")
    p.add_argument("quarter", help=h("new_quarter"))
    p.add_argument("--okrs", required=True, help=h("new_okrs"))
    p.add_argument("--dir", default=".", help=h("new_dir"))
    p.set_defaults(run=cmd_new)

    p = add("demo", "demo")
    p.add_argument("--dir", default="okrbook-demo", help=h("demo_dir"))
    p.add_argument("--company", action="store_true", help=h("demo_company"))
    p.add_argument("--no-lab", action="store_true", help=h("demo_no_lab"))
    p.set_defaults(run=cmd_demo)

    p = add("export", "export")
    p.add_argument("workbook", help=h("workbook"))
    p.add_argument("--format", choices=("html", "md", "pdf"), default="html", help=h("export_format"))
    p.add_argument("-o", "--output", help=h("export_output"))
    p.add_argument("--execute", action="store_true", help=h("export_execute"))
    p.set_defaults(run=cmd_export)

    p = add("rollup", "rollup")
    p.add_argument("company", help=h("rollup_company"))
    p.add_argument("--quarter", help=h("rollup_quarter"))
    p.add_argument("--json", action="store_true", help=h("rollup_json"))
    p.add_argument("-o", "--output", help=h("rollup_output"))
    p.add_argument("--today", help=h("rollup_today"))
    p.set_defaults(run=cmd_rollup)

    p = add("new-company", "new_company")
    p.add_argument("company", help=h("company"))
    p.set_defaults(run=cmd_new_company)

    p = add("import", "import")
    p.add_argument("export", help=h("import_export"))
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", help=h("import_output"))
    where.add_argument("--into", metavar="WORKBOOK_DIR", help=h("import_into"))
    p.add_argument("--year", type=int, help=h("import_year"))
    p.add_argument("--department", help=h("import_department"))
    p.add_argument("--quarter", help=h("import_quarter"))
    p.add_argument("--force", action="store_true", help=h("import_force"))
    p.add_argument("--merge", action="store_true", help=h("import_merge"))
    p.set_defaults(run=cmd_import)

    p = add("history", "history")
    p.add_argument("workbook", help=h("workbook"))
    p.add_argument("--member", help=h("member"))
    p.set_defaults(run=cmd_history)

    p = add("restore", "restore")
    p.add_argument("workbook", help=h("workbook"))
    p.add_argument("revision", type=int, help=h("restore_revision"))
    p.add_argument("--member", help=h("member"))
    p.set_defaults(run=cmd_restore)

    p = add("hub", "hub")
    hub = p.add_subparsers(dest="hub_command", required=True)
    p = hub.add_parser("setup", parents=[common], help=h("hub_setup"), description=h("hub_setup"))
    p.add_argument("company", help=h("hub_company"))
    p.add_argument("--dry-run", action="store_true", help=h("hub_dry_run"))
    p.add_argument("--group-prefix", default="okr-", help=h("hub_group_prefix"))
    p.set_defaults(run=cmd_hub_setup)
    for name, run in (("config", cmd_hub_config), ("start", cmd_hub_start)):
        p = hub.add_parser(name, parents=[common], help=h(f"hub_{name}"), description=h(f"hub_{name}"))
        p.add_argument("company", help=h("company"))
        p.add_argument("--ip", default="127.0.0.1", help=h("hub_ip"))
        p.add_argument("--port", type=int, default=8000, help=h("hub_port"))
        p.add_argument("--hub-port", type=int, default=8081, help=h("hub_hub_port"))
        p.add_argument("--proxy-api-port", type=int, default=8001, help=h("hub_proxy_api_port"))
        p.add_argument("--public-url", default="", help=h("hub_public_url"))
        p.add_argument("--state", default="/srv/okrbook-hub", help=h("hub_state"))
        p.add_argument("--python", default="", help=h("hub_python"))
        if name == "config":
            p.add_argument("-o", "--output", default="jupyterhub_config.py", help=h("hub_output"))
        p.set_defaults(run=run)

    p = add("prework", "prework")
    pre = p.add_subparsers(dest="prework_command", required=True)
    p = pre.add_parser("import", parents=[common], help=h("prework_import"), description=h("prework_import"))
    p.add_argument("survey", help=h("prework_survey"))
    p.add_argument("workbook", help=h("workbook"))
    p.add_argument("--force", action="store_true", help=h("prework_force"))
    p.set_defaults(run=cmd_prework_import)
    return parser


def _lang_asked(argv: Sequence[str]) -> str:
    """The language of the help and argparse's errors: ``--lang`` anywhere, else OKRBOOK_LANG, the locale."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in i18n.LANGS:
            return value
    return i18n.detect_lang()


def command_lang(args: argparse.Namespace) -> str:
    """``--lang``, else the language of the workbook the command works on, else OKRBOOK_LANG, the locale.

    So ``okrbook export`` and ``okrbook check`` of an English workbook speak
    English on a Chinese machine, and never mix the two in one run.
    """
    if args.lang:
        return i18n.detect_lang(args.lang)
    from okrbook.io.workbook import language_of

    target = getattr(args, "workbook", None)
    if args.command == "check":
        target = args.file
    found = language_of(target) if target else None
    return found or i18n.detect_lang()


def main(argv: Sequence[str] | None = None) -> int:
    # `okrbook check big.yaml | head` should end quietly, as other command-line tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    argv = sys.argv[1:] if argv is None else list(argv)
    with argparse_in(help_lang := _lang_asked(argv)):
        args = build_parser(help_lang).parse_args(argv)
    lang = command_lang(args)
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
