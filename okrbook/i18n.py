"""Every label and message okrbook shows, in 简体中文 and English.

A workbook chooses its language; the CLI follows ``--lang``, then the
language of the workbook it works on, then ``OKRBOOK_LANG``, then the locale.
Question texts live in :mod:`okrbook.core.method`; this module holds the rest.
English plurals are written ``{n} {n:plural:item|items}``.
"""

from __future__ import annotations

import locale
import os
import string
from collections.abc import Iterable

LANGS = ("zh", "en")
# How each language names itself, for the language switch of the lead's and the member's forms.
LANGUAGE_CHOICES = (("中文", "zh"), ("English", "en"))
_NAME_SEPARATOR = {"zh": "、", "en": ", "}

# key: (简体中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # hostile and broken input (issue 12): each says what is wrong in the reader's language
    "number_range": (
        "“{value}”超出允许范围(绝对值不超过 {max})",
        '"{value}" is out of range (at most {max} either side of zero)',
    ),
    "not_count": ("“{value}”应为 0 或更大的整数", '"{value}" should be a whole number, 0 or more'),
    "year_range": ("“{value}”不是有效的年份(1000–9999)", '"{value}" is not a year (1000–9999)'),
    "yaml_alias": (
        "第 {line} 行使用了 YAML 别名(& / *):okrbook 的文件不使用别名,请直接写出值",
        "line {line} uses a YAML alias (& / *): okrbook files take no aliases, write the value out",
    ),
    "yaml_too_deep": ("嵌套层级过深(超过 {max} 层)", "nested too deeply (more than {max} levels)"),
    "file_too_large": (
        "文件过大({size} MB,上限 {max} MB)",
        "the file is too large ({size} MB; at most {max} MB)",
    ),
    "not_regular_file": (
        "不是普通文件(而是文件夹、设备或管道)",
        "not a regular file (a folder, a device or a pipe)",
    ),
    "sheet_outside": (
        "“{value}”:OKR 表必须是工作簿文件夹(或其上一级)中的普通文件",
        '"{value}": the OKR sheet must be a regular file in the workbook folder (or the folder above it)',
    ),
    "csv_cell_too_long": ("单元格超过 {max} 个字符", "a cell is longer than {max} characters"),
    "csv_unreadable": ("CSV 格式错误:{reason}", "invalid CSV: {reason}"),
    "xlsx_unreadable": ("不是可读取的 XLSX 文件:{reason}", "not a readable XLSX file: {reason}"),
    "xlsx_no_sheets": ("XLSX 文件中没有工作表", "the XLSX file has no sheets"),
    "xlsx_too_large": (
        "XLSX 解压后过大({size} MB,上限 {max} MB)",
        "the XLSX file unpacks too large ({size} MB; at most {max} MB)",
    ),
    "unreadable_conflict": (
        "磁盘上的这个文件已无法读取({reason}):它被原样保留,没有被覆盖",
        "the file on disk can no longer be read ({reason}): it is left as it is, not overwritten",
    ),
    "prework_name_clash": (
        "{path} 已是成员“{other}”的文件,不能作为“{member}”的文件;请换一种写法输入姓名",
        '{path} is already the file of "{other}", not of "{member}"; type the name another way',
    ),
    "os_readonly": ("文件系统为只读", "the file system is read-only"),
    "os_permission": ("没有权限", "permission denied"),
    "os_no_space": ("磁盘空间不足", "no space left on the disk"),
    "os_quota": ("超出磁盘配额", "the disk quota is exceeded"),
    "os_name_too_long": ("文件名过长", "the file name is too long"),
    "os_symlink": ("这是一个符号链接,不会跟随", "it is a symbolic link, which is not followed"),
    "os_not_found": ("文件或文件夹不存在", "no such file or folder"),
    "os_is_dir": ("这是一个文件夹", "it is a folder"),
    "os_not_dir": ("路径中有一级不是文件夹", "a part of the path is not a folder"),
    "os_other": ("系统错误 {code}", "system error {code}"),
    "history_title": ("{path} 保存过的版本(共 {count} 个):", "saved versions of {path} ({count}):"),
    "history_line": (
        "版本 {revision}  {saved_at}  {chars} 字符{current}",
        "{revision}  {saved_at}  {chars} characters{current}",
    ),
    "history_current": ("  ← 当前", "  ← current"),
    "history_hint": (
        "恢复某一版本:okrbook restore {workbook} 版本号{member}",
        "to bring one back: okrbook restore {workbook} REVISION{member}",
    ),
    "history_none": ("{path} 还没有保存过的版本", "{path} has no saved versions yet"),
    "restore_missing": (
        "历史中没有版本 {revision}(有:{available})",
        "the history has no revision {revision} (it has: {available})",
    ),
    "restored": (
        "已将 {path} 恢复为版本 {revision} 的内容,另存为新版本 {new}(再恢复一次即可撤销)",
        "restored {path} to revision {revision}, saved as the new revision {new} (restore again to undo it)",
    ),
    "journal_damaged": (
        "日志中的版本 {revision} 已损坏,无法恢复",
        "revision {revision} in the journal is damaged",
    ),
    "member_no_file": ("没有“{member}”的会前作业文件", 'no pre-work file for "{member}"'),
    # where an error is
    "where_row": ("第 {row} 行", "row {row}"),
    "where_column": ("列“{column}”", 'column "{column}"'),
    "where_field": ("字段 {field}", "field {field}"),
    # reading files
    "file_missing": ("文件不存在", "file not found"),
    "file_unreadable": ("无法读取文件:{reason}", "cannot read the file: {reason}"),
    "encoding_unknown": (
        "无法识别文件编码(支持 UTF-8、带 BOM 的 UTF-8 和 GBK)",
        "cannot decode the file (UTF-8, UTF-8 with BOM and GBK are supported)",
    ),
    "yaml_invalid": ("YAML 格式错误(第 {line} 行):{reason}", "invalid YAML (line {line}): {reason}"),
    "json_invalid": ("JSON 格式错误(第 {line} 行):{reason}", "invalid JSON (line {line}): {reason}"),
    "not_a_mapping": ("应为键值映射,实际是 {got}", "expected a mapping, got {got}"),
    "not_a_list": ("应为列表,实际是 {got}", "expected a list, got {got}"),
    "required": ("缺少必填项", "is required"),
    "form_field_missing": ("缺少{field}", "the {field} is missing"),
    "not_text": ("应为文本,实际是 {got}", "expected text, got {got}"),
    "not_number": ("“{value}”不是数字", '"{value}" is not a number'),
    "not_bool": ("“{value}”应为是/否", '"{value}" should be yes or no'),
    "not_date": ("“{value}”不是日期(应为 YYYY-MM-DD)", '"{value}" is not a date (use YYYY-MM-DD)'),
    "not_int": ("“{value}”不是整数", '"{value}" is not a whole number'),
    "not_duration": ("“{value}”不是有效的秒数(应 ≥ 0)", '"{value}" is not a number of seconds (0 or more)'),
    "not_timestamp": (
        "“{value}”不是带时区的时间(应为 2026-10-09T14:05:00+08:00)",
        '"{value}" is not a time with its zone (use 2026-10-09T14:05:00+08:00)',
    ),
    "not_one_of": ("“{value}”不是允许的取值({allowed})", '"{value}" is not one of {allowed}'),
    "unknown_field": ("未知字段“{name}”", 'unknown field "{name}"'),
    # the OKR sheet
    "target_equals_start": (
        "目标值等于起始值({value}),无法计算进度",
        "the target equals the start ({value}), so progress cannot be computed",
    ),
    "target_missing": (
        "给了起始值或当前值,却没有目标值",
        "a start or current value is given but no target",
    ),
    "duplicate_id": ("重复的 ID “{id}”(已在 {first} 使用)", 'duplicate id "{id}" (already used at {first})'),
    "unknown_annual_kr": (
        "支撑的年度 KR “{id}”不存在",
        'supports annual KR "{id}", which does not exist',
    ),
    "negative_weight": ("权重不能为负数({value})", "a weight cannot be negative ({value})"),
    "score_range": ("得分必须在 0.0 到 1.0 之间({value})", "a score must be between 0.0 and 1.0 ({value})"),
    "bad_quarter": (
        "“{value}”不是季度(应为 2026Q3 或 2026-Q3)",
        '"{value}" is not a quarter (use 2026Q3 or 2026-Q3)',
    ),
    "quarter_not_in_sheet": (
        "OKR 表中没有 {quarter} 的季度 OKR",
        "the OKR sheet has no quarterly OKRs for {quarter}",
    ),
    "new_quarter_not_in_sheet": (
        "OKR 表中没有 {quarter} 的季度 OKR(表中有:{has})。把这个季度的导出导入进来:"
        "okrbook import 导出.xlsx --quarter {quarter} -o {okrs} --merge",
        "the OKR sheet has no quarterly OKRs for {quarter} (it has: {has}). Import that quarter's "
        "export into it: okrbook import EXPORT.xlsx --quarter {quarter} -o {okrs} --merge",
    ),
    "refresh_drops_answers": (
        "新的导出中没有这些 KR,而记录中有它们的回答:{items}。什么都没有写入;"
        "确认要更新请加 --force(这些回答仍保留在记录中)",
        "the new export drops KRs the record has answers for: {items}. Nothing was written; "
        "add --force to refresh anyway (the answers stay in the record)",
    ),
    # the record
    "schema_unknown": ("未知的记录格式“{value}”", 'unknown record schema "{value}"'),
    "schema_newer": (
        "记录格式版本 {value} 比本程序支持的 {supported} 新,请升级 okrbook",
        "record schema version {value} is newer than the supported {supported}: upgrade okrbook",
    ),
    "record_conflict": (
        "记录已被其他人(或另一个内核)修改:磁盘上是第 {disk} 版,本视图基于第 {mine} 版。"
        "为避免覆盖对方的修改,本次未保存;请重新加载。",
        "the record was changed by someone else (or another kernel): revision {disk} on disk, "
        "this view has {mine}. Nothing was saved, so their edits are not lost; reload.",
    ),
    # import
    "import_no_rows": ("没有数据行", "no data rows"),
    "import_missing_column": (
        "缺少必需的列:{column}(可用的列名:{synonyms})",
        "missing required column: {column} (accepted headers: {synonyms})",
    ),
    "import_format": (
        "不支持的文件类型“{suffix}”(支持 .csv 和 .xlsx)",
        'unsupported file type "{suffix}" (use .csv or .xlsx)',
    ),
    "import_bad_period": (
        "“{value}”不是周期(应为 2026Q3、Q3、2026年第三季度 或 年度)",
        '"{value}" is not a period (use 2026Q3, Q3 or Annual)',
    ),
    "import_year_mismatch": (
        "周期“{value}”不在 {year} 年(一次导入只能有一个年度)",
        'the period "{value}" is not in {year} (one import holds one year)',
    ),
    "import_needs_options": (
        "无法从文件内容、文件名或标题行得知,请在命令中加上:{options}",
        "neither the file, its name nor its title lines tell it: add {options} to the command",
    ),
    "import_conflicts_option": (
        "“{value}”与 {option} 不一致(改正文件或选项之一)",
        '"{value}" contradicts {option} (correct the file or the option)',
    ),
    "import_conflicts_row": (
        "“{value}”与第 {at} 行的“{other}”不一致",
        '"{value}" contradicts "{other}" on row {at}',
    ),
    "import_conflicts_name": (
        "“{value}”与文件名“{other}”不一致",
        '"{value}" contradicts the file name "{other}"',
    ),
    "import_conflicts_sheet": (
        "“{value}”与工作表名“{other}”不一致",
        '"{value}" contradicts the sheet\'s title "{other}"',
    ),
    "import_score_scale": (
        "无法判断评分的分制(看到的值:{values});评分应全部在 0–1、0–10 或 0–100 之内,"
        "也可在表头注明,如“评分(10分制)”",
        "cannot tell the scale of the scores (values seen: {values}); they should all be on 0–1, "
        '0–10 or 0–100, or say it in the header, e.g. "Score (0-10)"',
    ),
    # what an import assumed (okrbook.io.importer.Note): {source} is one of import_src_*
    "import_note_department": (
        "部门:{value}({source};可用 --department 指定)",
        "department: {value} ({source}; give --department to change it)",
    ),
    "import_note_year": (
        "年度:{value}({source};可用 --year 指定)",
        "year: {value} ({source}; give --year to change it)",
    ),
    "import_note_period": (
        "没有周期的行归入 {value}({source};可用 --quarter 指定)",
        "rows with no period go to {value} ({source}; give --quarter to change it)",
    ),
    "import_note_annual": (
        "没有周期的行归入 {value} 年度 OKR({source};可用 --quarter 指定季度)",
        "rows with no period go to the annual OKRs of {value} ({source}; give --quarter for a quarter)",
    ),
    "import_src_name": ("取自文件名“{name}”", 'from the file name "{name}"'),
    "import_src_sheet": ("取自工作表名“{name}”", 'from the sheet\'s title "{name}"'),
    "import_src_title": ("取自第 {row} 行的标题“{text}”", 'from the title on row {row}, "{text}"'),
    "import_src_column": ("取自“{column}”列", 'from the column "{column}"'),
    "import_src_this_year": ("今年", "this year"),
    "import_src_last_quarter": (
        "最近结束的季度,今天是 {today}",
        "the quarter that ended last, today being {today}",
    ),
    "import_annual_supports": (
        "年度 KR 不支撑其他 KR,只有季度 KR 才填写所支撑的年度 KR",
        "an annual KR supports nothing: only quarterly KRs name the annual KRs they support",
    ),
    "import_lower_is_better": (
        "标为“越低越好”={value},但目标值 {target} 与起始值 {start} 的方向与之不符",
        'marked "lower is better" = {value}, but the target {target} and the start {start} disagree',
    ),
    "import_duplicate_id": (
        "重复的 ID “{id}”(第 {first} 行已使用)",
        'duplicate id "{id}" (already used on row {first})',
    ),
    "output_unwritable": ("无法写入 {path}:{reason}", "cannot write {path}: {reason}"),
    # workbook
    "workbook_exists": (
        "工作簿 {path} 已存在,不会覆盖",
        "the workbook {path} already exists and will not be overwritten",
    ),
    "workbook_made": ("已创建工作簿:{path}", "workbook created: {path}"),
    "carried_over": (
        "从 {quarter} 带入 {homework} 项家庭作业、{whiteboard} 个白板问题",
        "carried over from {quarter}: {homework} homework {homework:plural:item|items}, "
        "{whiteboard} whiteboard {whiteboard:plural:question|questions}",
    ),
    "no_previous": ("没有找到上一季度的记录,无需带入", "no previous quarter's record to carry over"),
    "imported": (
        "已导入 {objectives} 个目标、{krs} 个 KR,写入 {path}",
        "imported {objectives} {objectives:plural:objective|objectives} and {krs} {krs:plural:KR|KRs} "
        "into {path}",
    ),
    "imported_part": (
        "  {part}:{objectives} 个目标、{krs} 个 KR",
        "  {part}: {objectives} objectives, {krs} KRs",
    ),
    "imported_annual": ("{year} 年度 OKR", "the annual OKRs of {year}"),
    "imported_quarter": ("{quarter} 季度 OKR", "the OKRs of {quarter}"),
    "imported_next": (
        "下一步:okrbook new {quarter} --okrs {path}",
        "next: okrbook new {quarter} --okrs {path}",
    ),
    "output_exists": (
        "{path} 已存在;如需覆盖请加 --force",
        "{path} already exists; add --force to overwrite it",
    ),
    # a re-import over a sheet, and a workbook's refreshed snapshot (okrbook import --into)
    "sheet_diff_none": ("与原来的 {path} 相比,KR 没有变化", "no KR changed from the previous {path}"),
    "sheet_diff_summary": (
        "与原来的 {path} 相比:新增 KR {added} 个,删去 {removed} 个,改动 {changed} 个",
        "against the previous {path}, KRs added: {added}, dropped: {removed}, changed: {changed}",
    ),
    "sheet_diff_added": ("  新增 {id} {title}", "  added {id} {title}"),
    "sheet_diff_removed": ("  删去 {id} {title}", "  dropped {id} {title}"),
    "sheet_diff_changed": ("  改动 {id}:{changes}", "  changed {id}: {changes}"),
    "refreshed": (
        "已用 {export} 更新工作簿的 OKR 表 {path}(原来的保存在 {backup});record.yaml 没有改动",
        "refreshed the workbook's OKR sheet {path} from {export} (the previous one is kept as {backup}); "
        "record.yaml is unchanged",
    ),
    "refresh_conflict": (
        "“{value}”与工作簿不一致:{path} 是 {department} 的 {quarter}",
        '"{value}" contradicts the workbook: {path} is {department}\'s {quarter}',
    ),
    "refresh_options": (
        "更新工作簿 {workbook} 时,年度、季度和部门取自工作簿本身,不能再用 --year、--quarter 或 --department",
        "refreshing the workbook {workbook} takes its year, quarter and department from the workbook: "
        "--year, --quarter and --department do not apply",
    ),
    "refresh_orphan": (
        "  {id} “{title}”已不在 OKR 表中,记录里它的回答仍保留:{places}",
        '  {id} "{title}" is no longer in the sheet; its answers stay in the record: {places}',
    ),
    # export (okrbook.minutes.export)
    "export_no_notebook": (
        "工作簿文件夹中没有复盘笔记本(.ipynb)",
        "the workbook folder has no retrospective notebook (.ipynb)",
    ),
    "export_cell_failed": (
        "导出时“{section}”部分出错:{cause}",
        'the "{section}" section failed while exporting: {cause}',
    ),
    "export_output_kind": (
        "纪要只写入 {suffix} 文件,不会写入 {path}",
        "the minutes are written to a {suffix} file only, not to {path}",
    ),
    "export_running": (
        "正在生成纪要 [{done}/{total}] {section}",
        "writing the minutes [{done}/{total}] {section}",
    ),
    "pdf_no_chromium": (
        "没有找到用来打印 PDF 的 Chromium:在 Debian/Ubuntu 上运行 sudo apt-get install chromium,"
        "或用环境变量 OKRBOOK_CHROMIUM 指明浏览器的路径",
        "no Chromium to print the PDF with: on Debian/Ubuntu run sudo apt-get install chromium, "
        "or name the browser's path in OKRBOOK_CHROMIUM",
    ),
    "pdf_no_playwright": (
        "打印 PDF 需要 Playwright:pip install playwright(不必下载它自带的浏览器)",
        "printing a PDF needs Playwright: pip install playwright (its own browser download is not needed)",
    ),
    "pdf_failed": (
        "用 {browser} 打印 PDF 失败:{reason}",
        "printing the PDF with {browser} failed: {reason}",
    ),
    "export_written": ("纪要已写入:{path}", "minutes written to {path}"),
    # the notebook's export buttons: the path as JupyterLab's file browser shows it
    "export_written_lab": (
        "纪要已写入 {path}(在左侧文件浏览器中,与本笔记本在同一文件夹,双击打开)",
        "minutes written to {path} (in the file browser on the left, beside this notebook: double-click "
        "to open)",
    ),
    "form_export_unsaved": (
        "还有修改没能保存,先处理上面的提示再导出",
        "some changes could not be saved: deal with the message above, then export",
    ),
    "valid": ("有效", "valid"),
    "invalid": ("无效", "invalid"),
    # the meeting's forms (okrbook.notebook.meeting)
    "form_saved_at": ("已保存 {time}", "saved at {time}"),
    "form_saving": ("正在保存…", "saving…"),
    "form_no_changes": (
        "已打开记录(第 {revision} 版),尚无修改",
        "record open (revision {revision}), no changes yet",
    ),
    "form_save_failed": (
        "保存失败,修改仍在本页:{reason}",
        "could not save, your edits are still here: {reason}",
    ),
    "form_conflict_kept": (
        "你这边未保存的版本已另存到 {path},不会丢失。",
        "Your unsaved version was kept in {path}, so nothing is lost.",
    ),
    "form_reloaded": ("已从磁盘重新加载第 {revision} 版", "reloaded revision {revision} from disk"),
    "form_open_failed": ("无法打开本季度的复盘记录", "cannot open this quarter's retrospective record"),
    "company_open_failed": ("无法打开公司文件夹", "cannot open the company folder"),
    "company_not_opened": (
        "公司文件夹未能打开,原因见第一个单元格",
        "the company folder did not open: see the first cell for why",
    ),
    "form_file_blocked": (
        "这个文件无法读取;为避免覆盖,本页不会保存任何内容。{reason}",
        "This file cannot be read; so as not to overwrite it, this page saves nothing. {reason}",
    ),
    "form_not_opened": (
        "复盘记录未能打开,原因见第一个单元格",
        "the record did not open: see the first cell for why",
    ),
    "due_past": ("截止日期 {value} 已经过去", "the due date {value} is in the past"),
    "minutes_range": (
        "时间应在 0 到 {max} 分钟之间({value})",
        "minutes must be between 0 and {max} ({value})",
    ),
    "form_clock": ("用时 {elapsed} / 预算 {budget}", "{elapsed} of {budget}"),
    "form_clock_over": ("超时 {over}", "over by {over}"),
    "form_agenda_total": (
        "议程合计 {total} 分钟,已用 {elapsed}",
        "{total} minutes in all, {elapsed} used",
    ),
    "form_homework_made": (
        "已生成家庭作业 {id}(负责人 {owner},截止 {due})",
        "homework {id} created (owner {owner}, due {due})",
    ),
    "form_nothing_carried": ("上季度没有遗留的家庭作业", "nothing was carried over from last quarter"),
    "form_no_low_krs": ("没有得分低于 0.7 的 KR", "no KR scored below 0.7"),
    "form_no_findings": ("检查没有发现明显的设定问题", "the checks found nothing to look at"),
    "form_proposed_verdict": ("预测建议:{verdict}", "the projection suggests: {verdict}"),
    "form_verdicts_accepted": (
        "已采纳 {count} 个年度 KR 的预测建议(可逐个修改)",
        "took the projection's verdict for {count} annual KR(s); each can still be changed",
    ),
    "form_verdicts_none_to_accept": (
        "每个有预测建议的年度 KR 都已有结论",
        "every annual KR with a proposed verdict has one already",
    ),
    "form_no_annual_okrs": (
        "OKR 表中没有年度 OKR,所以这里没有承接表和年度预测:在 okrs.yaml 的 annual: 下写入年度目标和 KR"
        "(或导入时带上年度行),再重新运行本单元格。以下问题仍可作答。",
        "The OKR sheet has no annual OKRs, so there is no alignment or annual projection here: add the"
        " annual objectives and KRs under annual: in okrs.yaml (or import rows marked annual), then run"
        " this cell again. The questions below can still be answered.",
    ),
    "form_score_saved_as": ("按 0.1 一档保存为 {score}", "saved as {score} (steps of 0.1)"),
    # the microscope (okrbook.analysis.checks): check_<id>, check_<id>_why, check_<id>_fix
    "check_record_unknown_kr": (
        "记录的 {field} 指向 OKR 表中不存在的 KR “{id}”",
        'the record\'s {field} names KR "{id}", which the OKR sheet does not have',
    ),
    "check_record_unknown_kr_why": (
        "纪要按 OKR 表列出 KR,这条得分、阻碍或判断不会出现在纪要里。",
        "The minutes list the sheet's KRs, so this score, obstacle or verdict would not appear in them.",
    ),
    "check_record_unknown_kr_fix": (
        "把记录里的 ID 改成 OKR 表中的 ID(重新导入后 ID 可能变了),或删去这一项。",
        "Change the id in the record to the sheet's (a re-import may have renamed it), or remove the entry.",
    ),
    "check_two_goals": (
        "目标“{title}”把两件事粘在了一起(“{connector}”前后各是一个目标)",
        'objective "{title}" glues two goals together ("{connector}" joins two aims)',
    ),
    "check_two_goals_why": (
        "一个目标只讲一件事,团队才知道什么最重要;两件事放在一起,评分时会互相掩盖。",
        "An objective that says one thing tells the team what matters most; "
        "two goals in one hide each other when it is scored.",
    ),
    "check_two_goals_fix": (
        "拆成两个目标,或只保留真正重要的那一个,另一个降为 KR 或留到下季度。",
        "Split it into two objectives, or keep the one that matters and make the other "
        "a KR or next quarter's work.",
    ),
    "check_too_many_krs": (
        "目标“{title}”有 {count} 个 KR,多于 {limit} 个",
        'objective "{title}" has {count} KRs, more than {limit}',
    ),
    "check_too_many_krs_why": (
        "KR 太多会分散注意力,往往说明目标太宽,或把任务列成了 KR。",
        "Too many KRs scatter attention: the objective may be too broad, or tasks were listed as KRs.",
    ),
    "check_too_many_krs_fix": (
        "保留最能说明目标达成的 2–5 个 KR,其余放进行动计划。",
        "Keep the 2–5 KRs that best show the objective is met; move the rest to the action plan.",
    ),
    "check_too_few_krs": (
        "目标“{title}”只有 {count} 个 KR,少于 {limit} 个",
        'objective "{title}" has only {count} {count:plural:KR|KRs}, fewer than {limit}',
    ),
    "check_too_few_krs_why": (
        "只有一个 KR 时,它往往只衡量了目标的一个侧面,容易为了指标而偏离目标本身。",
        "A single KR usually measures one side of the objective, which invites hitting "
        "the number while missing the point.",
    ),
    "check_too_few_krs_fix": (
        "补充一个从另一角度(如质量或客户感受)衡量目标的 KR。",
        "Add a KR that measures the objective from another angle, such as quality or the customer's view.",
    ),
    "check_weights_sum": (
        "目标“{title}”的 KR 权重合计为 {total},不是 1(或 100%)",
        'the KR weights of objective "{title}" add up to {total}, not 1 (or 100%)',
    ),
    "check_weights_sum_why": (
        "权重决定目标得分;合计不为 1 多半是填错了,得分会按比例换算,未必符合本意。",
        "Weights decide the objective's score; a total other than 1 is usually a slip, "
        "and the score is rescaled in a way the author may not have meant.",
    ),
    "check_weights_sum_fix": (
        "调整权重使合计为 1(或 100%);如果各 KR 同样重要,删去权重即按平均计算。",
        "Make the weights total 1 (or 100%); if the KRs matter equally, drop the weights "
        "and they count equally.",
    ),
    "check_no_measure": ("KR“{title}”没有数字或衡量标准", 'KR "{title}" has no number or measure'),
    "check_no_measure_why": (
        "没有目标值就无法判断是否达成,季末评分只能凭感觉。",
        "Without a target nobody can tell whether it was reached; the score becomes a matter of feeling.",
    ),
    "check_no_measure_fix": (
        "写明起始值、目标值和单位(例如“NPS 从 30 提升到 45”),或改为有明确完成标准的里程碑。",
        'Give a start, a target and a unit (e.g. "raise NPS from 30 to 45"), '
        "or make it a milestone with a clear definition of done.",
    ),
    "check_kr_is_task": (
        "KR“{title}”写成了任务(“{verb}”),而不是结果",
        'KR "{title}" reads as a task ("{verb}") rather than a result',
    ),
    "check_kr_is_task_why": (
        "KR 应描述做完之后发生的变化;只列任务,事情做完了,目标却可能没有前进。",
        "A KR says what changes once the work is done; tasks can all be finished "
        "while the objective stands still.",
    ),
    "check_kr_is_task_fix": (
        "问一句“做这件事是为了什么?”,把答案写成可衡量的结果,任务放进行动计划。",
        'Ask "what is this for?", write the answer as a measurable result, '
        "and keep the task in the action plan.",
    ),
    "check_kr_makes_document": (
        "KR“{title}”的产出是一份{document},而不是结果",
        'KR "{title}" ends in producing a {document}, not a result',
    ),
    "check_kr_makes_document_why": (
        "报告、方案、清单写完了,它们说的事情未必有变化;这是通往结果的一步,值得在会上聊一聊。",
        "A report, plan or list can be finished while what it is about stays the same; it is a step "
        "towards the result, worth a word in the meeting.",
    ),
    "check_kr_makes_document_fix": (
        "想一想这份{document}要促成什么决定或变化,把它写成 KR,{document}放进行动计划。",
        "Ask what decision or change the {document} should bring, make that the KR, "
        "and keep the {document} in the action plan.",
    ),
    "check_kr_zero_to_one": (
        "KR“{title}”只有做完和没做完两种状态(0 → 1)",
        'KR "{title}" is either done or not (0 → 1)',
    ),
    "check_kr_zero_to_one_why": (
        "0 → 1 的 KR 衡量的是交付:得分只有 0 或 1,看不出目标前进了多少,值得在会上聊一聊。",
        "A 0 → 1 KR measures a delivery: it scores 0 or 1 and cannot show how far the objective "
        "moved, worth a word in the meeting.",
    ),
    "check_kr_zero_to_one_fix": (
        "写出交付之后应看到的变化(例如使用率、转化率),用它的起点和目标来衡量。",
        "Write the change the delivery should bring (adoption or conversion, say) "
        "and measure it from a start to a target.",
    ),
    "check_kr_counts_output": (
        "KR“{title}”数的是做了多少(“{activity}”),记一笔即可",
        'KR "{title}" counts work done ("{activity}"), worth a note',
    ),
    "check_kr_counts_output_why": (
        "场次、篇数、覆盖人次说明团队做了多少;目标有没有前进,要看这些工作带来的变化。不必为此展开讨论。",
        "Counts of meetings, posts or sessions show how much the team did; whether the objective "
        "moved shows in what that work changed. No need to discuss it at length.",
    ),
    "check_kr_counts_output_fix": (
        "可以保留;下次可问一句“做这些是为了让什么发生?”,把那个变化写成 KR。",
        'Fine to keep; next time ask "what should this make happen?" and make that change the KR.',
    ),
    "check_kr_untracked_number": (
        "KR“{title}”的数字只写在标题里,没有记录起始值和目标值",
        'KR "{title}" has its number only in the title, with no tracked start and target',
    ),
    "check_kr_untracked_number_why": (
        "工作簿按起始值、目标值和当前值算进度和得分;数字只在标题里,季末只能凭印象打分。",
        "The workbook computes progress and the score from start, target and current values; "
        "with the number only in the title, the score comes from impression.",
    ),
    "check_kr_untracked_number_fix": (
        "把标题里的数字填进起始值和目标值(以及单位),季末再填当前值。",
        "Put the title's numbers into start and target (and unit), and the current value at quarter end.",
    ),
    "check_duplicate_kr": ("KR“{title}”与 {first} 重复", 'KR "{title}" duplicates {first}'),
    "check_duplicate_kr_why": (
        "同一结果写两次会被重复计分,也说明两个目标可能在做同一件事。",
        "The same result written twice is counted twice, and suggests two objectives "
        "are doing the same thing.",
    ),
    "check_duplicate_kr_fix": (
        "合并为一个 KR,放在它最能支撑的目标下。",
        "Merge them into one KR under the objective it serves best.",
    ),
    "check_unknown_support": (
        "KR“{title}”({id})支撑的年度 KR “{annual}”不存在",
        'KR "{title}" ({id}) supports annual KR "{annual}", which does not exist',
    ),
    "check_unknown_support_why": (
        "失效的链接让季度与年度的承接断开,这条 KR 对年度目标的贡献无法统计。",
        "A broken link cuts the quarter off from the year: this KR's contribution to the annual goals "
        "cannot be counted.",
    ),
    "check_unknown_support_fix": (
        "在 OKR 表中改成正确的年度 KR 编号,或删除这条链接。",
        "Correct the annual KR id in the OKR sheet, or remove the link.",
    ),
    "check_drift": (
        "季度目标“{title}”没有任何 KR 支撑年度 KR(偏离)",
        'quarterly objective "{title}" has no KR supporting an annual KR (drift)',
    ),
    "check_drift_why": (
        "季度的价值在于推动了多少年度目标;不承接年度目标的工作可能是偏离,也可能说明年度 OKR 漏掉了重要的事。",
        "A quarter is judged by how much it moved the year; work that carries no annual goal is drift, "
        "or a sign that the annual OKRs miss something important.",
    ),
    "check_drift_fix": (
        "为相关 KR 标明它支撑的年度 KR;若确实不支撑任何年度目标,讨论是否还要做,或年度 OKR 是否需要调整。",
        "Mark the annual KRs its KRs support; if it truly supports none, discuss whether to do it at all, "
        "or whether the annual OKRs need adjusting.",
    ),
    "check_no_objectives": (
        "OKR 表中没有 {quarter} 的季度目标",
        "the OKR sheet has no objectives for {quarter}",
    ),
    "check_no_objectives_why": (
        "没有季度目标,就无法复盘本季度的设定与完成情况。",
        "With no quarterly objectives there is nothing to review for this quarter.",
    ),
    "check_no_objectives_fix": (
        "在 OKR 表的 quarters.{quarter} 下填写本季度的目标和 KR,或从 OKR 工具导入。",
        "Add the quarter's objectives and KRs under quarters.{quarter} in the OKR sheet, "
        "or import them from your OKR tool.",
    ),
    "check_no_annual": ("OKR 表中没有年度 OKR", "the OKR sheet has no annual OKRs"),
    "check_no_annual_why": (
        "季度 OKR 要承接年度 OKR(连接器);没有年度 OKR,就无法判断季度是否推动了全年。",
        "Quarterly OKRs carry the annual ones (the connector); without them nobody can tell "
        "whether the quarter moved the year.",
    ),
    "check_no_annual_fix": (
        "在 OKR 表的 annual 下写出年度目标和 KR,并在季度 KR 中用 supports 标明承接关系。",
        "Write the annual objectives and KRs under annual in the sheet, and link quarterly KRs "
        "to them with supports.",
    ),
    # annual projection notes (okrbook.analysis.projection)
    "check_no_values": (
        "年度 KR“{title}”({id})还没有任何季末值,无法预测",
        'annual KR "{title}" ({id}) has no quarter-end values yet, so it cannot be projected',
    ),
    "check_no_values_why": (
        "预测依据各季末的实际值;其余 KR 照常预测,只有这一条缺席。",
        "The projection rests on the actual value at each quarter end; the other KRs are still "
        "projected, only this one is left out.",
    ),
    "check_no_values_fix": (
        "在 OKR 表中为 {id} 填写 values(例如 Q1: 120)。",
        "Fill in the values of {id} in the OKR sheet (e.g. Q1: 120).",
    ),
    "check_no_target": (
        "年度 KR“{title}”({id})没有目标值,无法预测",
        'annual KR "{title}" ({id}) has no target, so it cannot be projected',
    ),
    "check_no_target_why": (
        "没有目标值,就无法判断全年能否达成。",
        "Without a target nobody can tell whether the year will meet it.",
    ),
    "check_no_target_fix": (
        "在 OKR 表中为 {id} 写明起始值和目标值。",
        "Give {id} a start and a target in the OKR sheet.",
    ),
    "check_values_gap": (
        "年度 KR“{title}”({id})缺少 {missing} 的季末值",
        'annual KR "{title}" ({id}) has no quarter-end value for {missing}',
    ),
    "check_values_gap_why": (
        "预测只用最近的季末值,缺失的季度不影响结果,但趋势图会有缺口。",
        "The projection uses the latest quarter-end value, so the gap does not change it, "
        "but the trend chart shows a hole.",
    ),
    "check_values_gap_fix": (
        "在 OKR 表中补上 {id} 在 {missing} 的值。",
        "Fill in the value of {id} for {missing} in the OKR sheet.",
    ),
    "check_volatile": (
        "年度 KR“{title}”只有一个季度的数据:年初时一个季度的数据会让预测大幅波动",
        'annual KR "{title}" has one quarter of data: early in the year one quarter of data '
        "swings the projection wildly",
    ),
    "check_volatile_why": (
        "把一个季度的进度乘以 4,会放大季节性、一次性项目等偶然因素。",
        "Multiplying one quarter's progress by four magnifies chance: seasonality, one-off deals.",
    ),
    "check_volatile_fix": (
        "把预测当作讨论的起点,结合对后续季度的判断;第二季度后再看趋势。",
        "Take the projection as a starting point, weigh what you know of the coming quarters, "
        "and look at the trend again after Q2.",
    ),
    # score history notes (okrbook.analysis.history)
    "check_record_no_quarter": (
        "记录 {record} 对应的季度在 OKR 表中没有目标,已跳过",
        "the record for {record} has no objectives in the OKR sheet; it was left out",
    ),
    "check_record_no_quarter_why": (
        "得分是按 OKR 表中该季度的目标和 KR 计算的;没有它们就无从计算。",
        "Scores are computed from that quarter's objectives and KRs in the OKR sheet; "
        "without them there is nothing to score.",
    ),
    "check_record_no_quarter_fix": (
        "在 OKR 表中补上 {record} 的季度 OKR,或确认记录的季度写对了。",
        "Add the quarterly OKRs for {record} to the sheet, or check the record's quarter.",
    ),
    "check_record_year": (
        "记录 {record} 属于 {record_year} 年,而 OKR 表是 {year} 年的,已跳过",
        "the record for {record} belongs to {record_year}, but the OKR sheet is for {year}; it was left out",
    ),
    "check_record_year_why": (
        "把别的年度的记录套到今年的 KR 上,得分会张冠李戴。",
        "Applying another year's record to this year's KRs would pin scores on the wrong KRs.",
    ),
    "check_record_year_fix": (
        "只传入与 OKR 表同一年度的记录。",
        "Pass only the records of the sheet's year.",
    ),
    # analysis tables and charts
    "table_objective_summary": (
        "{count} 个 KR:绿 {green}、黄 {yellow}、红 {red}",
        "{count} {count:plural:KR|KRs}: {green} green, {yellow} yellow, {red} red",
    ),
    "table_unscored": (",{count} 个未评分", ", {count} unscored"),
    "table_weakest": (";最弱:{title}({score})", "; weakest: {title} ({score})"),
    "table_no_scored": ("没有可评分的 KR", "no KR has a score"),
    "cjk_font_missing": (
        "找不到能显示中文的字体,图表中的中文会显示成方框。请安装中文字体,"
        "例如在 Debian/Ubuntu 上运行 sudo apt-get install fonts-wqy-microhei,然后重启内核。",
        "No font that can show Chinese is installed, so Chinese text in charts would show as empty "
        "boxes. Install one, e.g. on Debian/Ubuntu: sudo apt-get install fonts-wqy-microhei, "
        "then restart the kernel.",
    ),
    # pre-work (okrbook.prework.members, okrbook.prework.survey, okrbook.notebook.prework_form)
    "prework_schema": (
        "不是会前作业文件(schema 应为 okrbook.prework,实际是“{value}”)",
        'not a pre-work file (schema should be okrbook.prework, got "{value}")',
    ),
    "prework_schema_newer": (
        "会前作业格式版本 {value} 比本程序支持的 {supported} 新,请升级 okrbook",
        "pre-work schema version {value} is newer than the supported {supported}: upgrade okrbook",
    ),
    "prework_other_quarter": (
        "这份会前作业属于 {quarter},不是本季度 {expected},未计入",
        "this pre-work is for {quarter}, not this quarter {expected}; it was left out",
    ),
    "prework_duplicate": (
        "成员“{member}”有多份会前作业({files}),都未计入;请删除或合并其中一份",
        'member "{member}" has more than one pre-work file ({files}); none is shown until one is '
        "removed or they are merged",
    ),
    "prework_unknown_kr": (
        "KR“{id}”不在 {quarter} 的 OKR 中,这个得分未计入",
        'KR "{id}" is not among the OKRs of {quarter}; that score was left out',
    ),
    "prework_none_yet": (
        "还没有人交会前作业。成员在 prework/prework.ipynb 中填写,或用 okrbook prework import 导入问卷。",
        "No pre-work yet. Members fill in prework/prework.ipynb, or import a survey with "
        "okrbook prework import.",
    ),
    "prework_expected_owners": (
        "会议信息中还没有参会人,暂按 KR 负责人统计",
        "no attendees in the meeting header yet: counting the KR owners instead",
    ),
    "prework_wb_kr": (
        "会前评分分歧:{id} {title}(成员评分 {scores},计算得分 {computed})。分歧从何而来?",
        "Pre-work scores disagree on {id} {title} (members' scores {scores}, computed {computed}). "
        "Where does the disagreement come from?",
    ),
    "prework_wb_answer": ("{number} {name}:{text}", "{number} {name}: {text}"),
    "prework_moved": ("已上白板:{id}", "on the whiteboard: {id}"),
    "prework_split": ("两派:{low} 对 {high}", "two camps: {low} against {high}"),
    "prework_intro": (
        "{department} · {quarter} 会前作业:会前写下你自己的回答和对 KR 的评分,会上大家的回答会并排展示。"
        "每次修改都会自动保存。",
        "{department} · {quarter} pre-work: write your own answers and KR scores before the meeting; "
        "in the meeting everyone's are shown side by side. Every change is saved as you type.",
    ),
    "prework_pick_name": ("先选择或输入你的姓名,然后作答。", "Choose or type your name first, then answer."),
    "prework_not_attendee": (
        "“{name}”不在名单(参会人,或 OKR 负责人)中,请确认姓名写法与名单一致",
        '"{name}" is not on the list (the attendees, or the OKR owners): check the spelling',
    ),
    "prework_file_blocked": (
        "你的会前作业文件无法读取;为避免覆盖,本页不会保存任何内容。请联系主持人。{reason}",
        "Your pre-work file cannot be read; so as not to overwrite it, this page saves nothing. "
        "Ask the facilitator. {reason}",
    ),
    "prework_conflict": (
        "这份会前作业在别处被修改过(另一个浏览器标签页,或主持人导入了问卷):磁盘上是第 {disk} 版,"
        "这里基于第 {mine} 版。为避免覆盖对方的内容,本次未保存;请重新加载。",
        "this pre-work file was changed elsewhere (another browser tab, or a survey import): revision "
        "{disk} on disk, this copy has {mine}. Nothing was saved, so those edits are not lost; reload.",
    ),
    "prework_stayed": (
        "{member} 的修改还没能保存,所以仍停留在 {member};请先处理上面的提示。",
        "{member}'s edits are not saved yet, so the form stays on {member}: deal with the message "
        "above first.",
    ),
    "survey_unknown_columns": (
        "无法识别的列:{columns}。可用的列:姓名/Name;问题(如 Q1.1、问题原文或简称“设定问题”);"
        "KR 得分(如“Q3.O1.KR1 得分”“得分:<KR 标题>”);白板议题/Whiteboard topics",
        "unknown columns: {columns}. Accepted: 姓名/Name; a question (e.g. Q1.1, its text or a short name "
        'such as "Setting"); a KR score ("Q3.O1.KR1 Score", "Score: <KR title>"); 白板议题/Whiteboard topics',
    ),
    "survey_unknown_kr": (
        "“{ref}”不是 {quarter} 的 KR(列名中用 KR 编号或标题)",
        '"{ref}" is not a KR of {quarter} (name the KR by its id or title in the header)',
    ),
    "survey_ambiguous_kr": (
        "“{ref}”对应多个 KR({ids}),请在列名中用 KR 编号",
        '"{ref}" matches several KRs ({ids}): name the KR by its id in the header',
    ),
    "survey_duplicate_column": ("与列“{first}”是同一项", 'means the same as the column "{first}"'),
    "survey_duplicate_member": (
        "成员“{member}”出现了两次(第 {first} 行已有)",
        'member "{member}" appears twice (already on row {first})',
    ),
    "survey_member_exists": (
        "{path} 已存在(“{member}”已交会前作业);如需覆盖请加 --force",
        '{path} already exists ("{member}" has handed in pre-work); add --force to overwrite it',
    ),
    "survey_imported": (
        "已导入 {count} 位成员的会前作业到 {path}:{members}",
        "imported the pre-work of {count} {count:plural:member|members} into {path}: {members}",
    ),
}

# Labels shown beside values, in tables and forms.
LABELS: dict[str, tuple[str, str]] = {
    # the command line's help (okrbook --help, okrbook new --help ...)
    "cli_description": ("部门级 OKR 复盘工作簿", "the quarterly OKR retrospective workbook"),
    "cli_lang": (
        "语言:zh 或 en(消息的语言;new 和 demo 时也是工作簿的语言)",
        "language: zh or en (of messages; of the workbook for new and demo)",
    ),
    "cli_check": (
        "校验 OKR 表、季度记录、工作簿文件夹或公司文件夹",
        "validate an OKR sheet, a quarter record, a workbook folder or a company folder",
    ),
    "cli_check_file": ("要校验的文件或文件夹", "the file or folder to check"),
    "cli_check_json": ("以 JSON 输出摘要", "print the summary as JSON"),
    "cli_new": ("新建本季度的工作簿文件夹", "make the quarter's workbook folder"),
    "cli_new_quarter": ("例如 2026Q3 或 2026-Q3", "e.g. 2026Q3 or 2026-Q3"),
    "cli_new_okrs": ("OKR 表(YAML)", "the OKR sheet (YAML)"),
    "cli_new_dir": ("存放各季度文件夹的文件夹", "the folder that holds one folder per quarter"),
    "cli_demo": (
        "生成示例部门的 Q3 工作簿并打开 JupyterLab",
        "make the example department's Q3 workbook and open JupyterLab",
    ),
    "cli_demo_dir": ("示例放在哪个文件夹", "the folder to put the example in"),
    "cli_demo_company": (
        "改为生成示例公司(云帆科技)及其复盘汇总笔记本",
        "the example company (云帆科技) and its review notebook instead",
    ),
    "cli_demo_no_lab": ("只生成工作簿,不启动 JupyterLab", "make the workbook, do not start JupyterLab"),
    "cli_export": (
        "写出工作簿的会议纪要(自包含的 HTML、Markdown 或 PDF)",
        "write the minutes of a workbook (self-contained HTML, Markdown or PDF)",
    ),
    "cli_workbook": ("本季度的工作簿文件夹", "the quarter's workbook folder"),
    "cli_export_format": ("纪要的格式", "the minutes' format"),
    "cli_export_output": (
        "默认:工作簿中的 <季度>-minutes.<格式>",
        "default: <quarter>-minutes.<format> in the workbook",
    ),
    "cli_export_execute": (
        "先运行笔记本(为了你自己添加的单元格的输出)",
        "run the notebook first (for your own cells' outputs)",
    ),
    "cli_rollup": ("某季度公司各部门的复盘汇总", "the roll-up across a company's departments for a quarter"),
    "cli_rollup_company": (
        "公司文件夹(company.yaml 和每个部门一个文件夹)",
        "the company folder (company.yaml and one folder per department)",
    ),
    "cli_rollup_quarter": (
        "例如 2026Q3(默认:有记录的最近一个季度)",
        "e.g. 2026Q3 (default: the latest quarter with a record)",
    ),
    "cli_rollup_json": ("以 JSON 输出汇总", "print the roll-up as JSON"),
    "cli_rollup_output": (
        "写出报告:report.html、report.md 或 report.pdf",
        "write a report: report.html, report.md or report.pdf",
    ),
    "cli_rollup_today": (
        "按这一天判断家庭作业是否逾期(YYYY-MM-DD;默认今天)",
        "judge homework overdue as of this date (YYYY-MM-DD; default today)",
    ),
    "cli_new_company": (
        "在公司文件夹中写入公司复盘汇总笔记本",
        "write the company's review notebook into a company folder",
    ),
    "cli_company": ("公司文件夹", "the company folder"),
    "cli_import": (
        "把 OKR 工具导出的 CSV/XLSX 转换为 OKR 表,或刷新工作簿的 OKR 表",
        "turn an OKR tool's CSV/XLSX export into an OKR sheet, or refresh a workbook's",
    ),
    "cli_import_export": ("OKR 工具导出的 CSV 或 XLSX 文件", "the OKR tool's CSV or XLSX export"),
    "cli_import_output": ("要写出的 OKR 表(YAML)", "the OKR sheet to write (YAML)"),
    "cli_import_into": (
        "刷新这个季度工作簿的 okrs.yaml;记录保留",
        "refresh this quarter's workbook's okrs.yaml; its record stays",
    ),
    "cli_import_year": (
        "默认:文件给出的年份(周期、标题行、文件名),否则今年",
        "default: the file's (its periods, title lines, name), else this year",
    ),
    "cli_import_department": (
        "默认:文件的部门列,否则文件名",
        "default: the file's department column, else its name",
    ),
    "cli_import_quarter": (
        "没有周期的行放进这个季度(例如 2026Q3;默认:最近结束的季度)",
        "rows with no period go to this quarter (e.g. 2026Q3; default: the quarter that ended last)",
    ),
    "cli_import_force": (
        "覆盖已有的输出文件;刷新时即使有答案的 KR 被去掉也继续",
        "overwrite the output file; refresh though KRs with answers go",
    ),
    "cli_import_merge": (
        "把导出中的季度加入已有的 -o 表,其余保留",
        "add the export's quarters to the existing -o sheet, keeping the rest",
    ),
    "cli_hub": (
        "用 JupyterHub 为公司文件夹提供服务(以 root 运行)",
        "serve a company folder with JupyterHub (as root)",
    ),
    "cli_hub_setup": (
        "按名册创建或核对系统用户、用户组和权限",
        "system users, groups and permissions from the roster",
    ),
    "cli_hub_company": (
        "公司文件夹(其 company.yaml 含名册)",
        "the company folder (its company.yaml holds the roster)",
    ),
    "cli_hub_dry_run": ("只打印要执行的命令,不做任何改动", "print the commands, change nothing"),
    "cli_hub_group_prefix": (
        "okrbook 创建的用户组的前缀(默认 okr-)",
        "of the groups okrbook makes (default okr-)",
    ),
    "cli_hub_config": (
        "为公司文件夹写出 jupyterhub_config.py",
        "write jupyterhub_config.py for the company folder",
    ),
    "cli_hub_start": (
        "把配置写入 --state 并启动 JupyterHub",
        "write the configuration into --state and start JupyterHub",
    ),
    "cli_hub_ip": (
        "JupyterHub 监听的地址(放在公司的 TLS 代理之后)",
        "where the hub listens (behind your TLS proxy)",
    ),
    "cli_hub_port": ("JupyterHub 对外的端口", "the port people reach the hub on"),
    "cli_hub_hub_port": ("JupyterHub 自身的 API 端口,在 127.0.0.1 上", "the hub's own API, on 127.0.0.1"),
    "cli_hub_proxy_api_port": ("代理的 API 端口,在 127.0.0.1 上", "the proxy's API, on 127.0.0.1"),
    "cli_hub_public_url": (
        "大家访问的地址,例如 https://okr.example.com/",
        "https://okr.example.com/ as people reach it",
    ),
    "cli_hub_state": (
        "JupyterHub 的数据库和 cookie 密钥所在的文件夹",
        "the hub's database and cookie secret",
    ),
    "cli_hub_python": (
        "单用户服务器使用的 Python(默认:当前这个)",
        "the Python of the single-user servers (default: this one)",
    ),
    "cli_hub_output": ("写到哪个文件;- 表示打印出来", "the file to write; - prints it"),
    "cli_history": (
        "列出工作簿记录(或某位成员的会前作业)保存过的版本",
        "list the saved versions of a workbook's record (or of a member's pre-work)",
    ),
    "cli_member": ("改为某位成员的会前作业文件", "a member's pre-work file instead of the record"),
    "cli_restore": (
        "恢复某个保存过的版本(保存为新版本,可以撤销)",
        "bring back a saved version (as a new version, so it can be undone)",
    ),
    "cli_restore_revision": (
        "版本号,即 okrbook history 列出的编号",
        "the revision, as okrbook history lists it",
    ),
    "cli_prework": ("成员的会前作业", "the members' pre-work"),
    "cli_prework_import": ("导入在线问卷导出的 CSV/XLSX", "import an online survey's CSV/XLSX export"),
    "cli_prework_survey": (
        "问卷导出:每位成员一行,每个问题一列",
        "the survey export: one row per member, one column per question",
    ),
    "cli_prework_force": ("替换成员已有的会前作业文件", "replace members' existing pre-work files"),
    "annual": ("年度 OKR", "Annual OKRs"),
    "quarter": ("季度", "Quarter"),
    "objective": ("目标", "Objective"),
    "key_result": ("关键结果", "Key result"),
    "owner": ("负责人", "Owner"),
    "weight": ("权重", "Weight"),
    "start": ("起始值", "Start"),
    "target": ("目标值", "Target"),
    "current": ("当前值", "Current"),
    "unit": ("单位", "Unit"),
    "progress": ("进度", "Progress"),
    "progress_exported": ("按导出的进度", "progress as exported"),
    "owner_score_exported": ("负责人自评(OKR 工具)", "Owner's score (OKR tool)"),
    "score": ("得分", "Score"),
    "band": ("评级", "Band"),
    "red": ("红", "red"),
    "yellow": ("黄", "yellow"),
    "green": ("绿", "green"),
    "committed": ("承诺型", "committed"),
    "aspirational": ("挑战型", "aspirational"),
    "milestone": ("里程碑", "milestone"),
    "done": ("已完成", "done"),
    "not_done": ("未完成", "not done"),
    "overridden": ("已调整", "overridden"),
    "lower_is_better": ("越低越好", "lower is better"),
    "no_measure": ("无量化指标", "no measure"),
    "department": ("部门", "Department"),
    "year": ("年度", "Year"),
    "supports": ("支撑", "Supports"),
    "record": ("复盘记录", "Record"),
    # the meeting's forms (okrbook.notebook.meeting)
    "form_language": ("语言", "Language"),
    "form_agenda": ("议程时间(分钟)", "Agenda (minutes)"),
    "form_agenda_homework_review": ("回顾上季度家庭作业", "Last quarter's homework"),
    "form_agenda_big_picture": ("大图", "Big picture"),
    "form_agenda_group1": ("第一组问题", "Group 1"),
    "form_agenda_group2": ("第二组问题", "Group 2"),
    "form_agenda_whiteboard_homework": ("白板与家庭作业", "Whiteboard and homework"),
    "form_start_section": ("▶ 开始本环节", "▶ Start this section"),
    "form_pause_section": ("■ 暂停计时", "■ Pause the clock"),
    "form_add": ("添加", "Add"),
    "form_remove": ("删除", "Remove"),
    "form_reload": ("重新加载", "Reload"),
    "form_use_computed": ("用计算值", "Use computed"),
    "form_accept_proposals": ("全部采纳预测建议", "Accept every proposed verdict"),
    "form_to_homework": ("转为家庭作业", "Make it homework"),
    "form_notes": ("讨论记录", "Notes"),
    "form_annual_kr": ("年度 KR", "Annual KR"),
    "form_name_hint": ("输入姓名后按回车;多人用、或,分隔", "type names, press Enter; separate with , or ;"),
    "form_score_hint": ("留空即用计算值", "blank: computed"),
    "form_new_item": ("新增", "New"),
    "form_choose": ("—", "—"),
    "judgement_met": ("达成承诺", "commitment met"),
    "judgement_missed_commitment": ("未达成承诺,需查原因", "commitment missed: look at why"),
    "judgement_good": ("好结果", "a good result"),
    "judgement_partial": ("部分达成", "partly achieved"),
    "judgement_fell_short": ("差距较大", "fell short"),
    # the minutes (okrbook.minutes.render)
    "minutes_title": (
        "{department} · {quarter} OKR 复盘纪要",
        "{department} · {quarter} OKR retrospective minutes",
    ),
    "date": ("日期", "Date"),
    "facilitator": ("主持人", "Facilitator"),
    "attendees": ("参会人", "Attendees"),
    "at_a_glance": ("一览", "At a glance"),
    "objective_scores": ("目标得分", "Objective scores"),
    "annual_verdicts": ("年度 KR 判断", "Annual KRs"),
    "decisions": ("决定", "Decisions"),
    "whiteboard_count": (
        "白板问题 {open} 个未决、{resolved} 个已决",
        "whiteboard questions: {open} open, {resolved} resolved",
    ),
    "homework_count": ("家庭作业 {count} 项", "{count} homework {count:plural:item|items}"),
    "bp_positioning": ("定位", "Positioning"),
    "bp_goals": ("目标", "Goals"),
    "bp_customer": ("客户是谁", "Who the customer is"),
    "bp_needs": ("客户的真正需求", "What the customer really needs"),
    "bp_value_proposition": ("价值主张", "Value proposition"),
    # what each part of an empty big picture asks, shown as the field's hint
    "bp_positioning_hint": (
        "定位:我们团队在公司里是做什么的?不做什么?",
        "Positioning: what is this team for in the company, and what is it not for?",
    ),
    "bp_goals_hint": (
        "目标:这一年要达成的长期价值是什么?",
        "Goals: what lasting value should this year deliver?",
    ),
    "bp_customer_hint": (
        "客户是谁:我们为谁工作?谁在用我们的成果?",
        "Who the customer is: whom do we work for, who uses what we make?",
    ),
    "bp_needs_hint": (
        "客户的真正需求:他们要解决的问题是什么(而不只是提出的要求)?",
        "What the customer really needs: what problem are they solving, beyond what they ask for?",
    ),
    "bp_value_proposition_hint": (
        "价值主张:我们凭什么满足这个需求,比别的办法好在哪里?",
        "Value proposition: why do we meet that need better than the alternatives?",
    ),
    "no_answer": ("(未作答)", "(no answer)"),
    "none_yet": ("(无)", "(none)"),
    "item": ("事项", "Item"),
    "due": ("截止日期", "Due"),
    "status": ("状态", "Status"),
    "note": ("备注", "Note"),
    "from_quarter": ("来自", "From"),
    "status_open": ("未完成", "open"),
    "status_done": ("已完成", "done"),
    "status_dropped": ("已放弃", "dropped"),
    "resolved": ("已决", "resolved"),
    "unresolved": ("未决", "open"),
    "resolution": ("结论", "Resolution"),
    # a whiteboard question in the minutes, followed by the homework it was turned into
    "whiteboard_homework": ("已转为家庭作业", "made homework"),
    "tag": ("类别", "Tag"),
    "tag_positioning": ("定位", "positioning"),
    "tag_goals": ("目标", "goals"),
    "tag_value_proposition": ("价值主张", "value proposition"),
    "tag_customer": ("客户", "customer"),
    "tag_need": ("需求", "need"),
    "tag_other": ("其他", "other"),
    "verdict": ("判断", "Verdict"),
    "verdict_on_track": ("可达成", "on track"),
    "verdict_at_risk": ("有风险", "at risk"),
    "verdict_off_track": ("难达成", "off track"),
    "obstacle": ("阻碍", "Obstacle"),
    "category": ("类别", "Category"),
    "cat_resources": ("资源", "resources"),
    "cat_dependency": ("依赖", "dependency"),
    "cat_wrong_goal": ("目标不对", "wrong goal"),
    "cat_execution": ("执行", "execution"),
    "cat_external": ("外部因素", "external"),
    "cat_other": ("其他", "other"),
    "lessons_keep": ("继续做", "Keep"),
    "lessons_stop": ("停止做", "Stop"),
    "lessons_start": ("开始做", "Start"),
    "adjustments": ("年度 OKR 调整建议", "Proposed annual adjustments"),
    "old_target": ("原目标", "Old target"),
    "new_target": ("新目标", "New target"),
    "new_title": ("新表述", "New wording"),
    "adjust_target": ("改目标值", "New target"),
    "adjust_wording": ("改表述", "New wording"),
    "adjust_drop": ("删除此 KR", "Drop the KR"),
    "adjustment_change": ("调整内容", "Proposed change"),
    "why": ("理由", "Why"),
    "findings": ("OKR 检查(显微镜)", "OKR checks (the microscope)"),
    "linked_whiteboard": ("来自白板", "From the whiteboard"),
    "final_score": ("最终得分", "Final score"),
    "computed_score": ("计算得分", "Computed"),
    "generated_by": ("由 okrbook 根据复盘记录生成", "Made by okrbook from the retrospective record"),
    "revision": ("记录版本", "Record revision"),
    "form_export_title": ("导出纪要", "Export the minutes"),
    # where an export run failed, when it is not a section (export_cell_failed)
    "export_part_open": ("打开会议的单元格", "the cell that opens the meeting"),
    "export_part_export": ("导出纪要的单元格", "the export cell"),
    "export_part_cell": ("第 {n} 个单元格", "cell {n}"),
    "form_evidence_completion": (
        "本季度 KR 完成情况(表和图)",
        "This quarter's KR completion (table and chart)",
    ),
    "form_evidence_history": ("历史季度得分", "Scores of earlier quarters"),
    "form_evidence_alignment": (
        "季度与年度的承接(连接器)",
        "How the quarter supports the year (the connector)",
    ),
    "form_evidence_projection": ("年度 KR 预测", "Annual KR projections"),
    "form_export_html": ("导出 HTML 纪要", "Export HTML minutes"),
    "form_export_md": ("导出 Markdown 纪要", "Export Markdown minutes"),
    "form_export_pdf": ("导出 PDF 纪要", "Export PDF minutes"),
    "figure_completion_chart": ("本季度各 KR 得分", "Each KR's score this quarter"),
    "figure_projection_overview": ("年度 KR 预计达成度", "Projected attainment of the annual KRs"),
    "figure_projection_charts": ("年度 KR:实际、计划与预测", "Annual KRs: actual, plan and projection"),
    # analysis tables and charts (okrbook.analysis.tables, okrbook.analysis.charts, okrbook.analysis.history)
    "id": ("编号", "ID"),
    "objective_kind": ("类型", "Kind"),
    "judgement": ("评价", "Judgement"),
    "summary": ("小结", "Summary"),
    "unscored": ("未评分", "unscored"),
    "group": ("分组", "Group"),
    "count": ("数量", "Count"),
    "objectives": ("目标", "Objectives"),
    "key_results": ("关键结果", "Key results"),
    "mean_score": ("平均得分(按权重)", "Mean score (weighted)"),
    "annual_kr": ("年度 KR", "Annual KR"),
    "annual_objective": ("年度目标", "Annual objective"),
    "quarterly_kr": ("季度 KR", "Quarterly KR"),
    "quarters_done": ("已过季度", "Quarters done"),
    "pace": ("每季进度", "Pace per quarter"),
    "projected": ("预测年末值", "Projected year end"),
    "required_pace": ("剩余每季所需", "Required pace"),
    "pace_ratio": ("节奏比", "Pace ratio"),
    "attainment": ("预测达成率", "Projected attainment"),
    "share": ("占季度权重", "Share of the quarter"),
    "unaligned": ("未承接年度目标", "Not carried to the year"),
    "severity": ("级别", "Severity"),
    "severity_error": ("错误", "error"),
    "severity_warning": ("警告", "warning"),
    "severity_info": ("提示", "info"),
    "issue": ("问题", "Issue"),
    "why_it_matters": ("为什么重要", "Why it matters"),
    "fix": ("怎么改", "How to fix"),
    "level": ("层级", "Level"),
    "level_objective": ("目标", "objective"),
    "level_kr": ("关键结果", "key result"),
    "chart_year_start": ("年初", "Start"),
    "chart_actual": ("实际值", "Actual"),
    "chart_plan": ("计划线(年初→目标)", "Plan (start → target)"),
    "chart_projection": ("按当前节奏预测", "Projection at the current pace"),
    "chart_attainment_title": ("年度 KR 预测达成率", "Projected attainment of the annual KRs"),
    "chart_completion_title": ("{quarter} KR 得分", "{quarter} KR scores"),
    "chart_history_title": ("各季度目标得分", "Objective scores by quarter"),
    "department_mean": ("部门平均(按权重)", "Department mean (weighted)"),
    "volatile_mark": ("仅一个季度数据,波动大", "one quarter of data: volatile"),
    "meeting_verdict": ("会议判断", "Meeting's verdict"),
    # pre-work (okrbook.prework.summary, okrbook.notebook.prework_form, the minutes)
    "prework_member": ("成员 {letter}", "Member {letter}"),
    "prework_handed_in": ("已交", "Handed in"),
    "prework_missing": ("未交", "Not handed in"),
    "prework_unexpected": ("已交但不在名单中", "Handed in, not on the list"),
    "prework_anonymous": (
        "隐去姓名(显示为成员 A、成员 B…,纪要中同样如此)",
        "Hide names (Member A, Member B…, in the minutes too)",
    ),
    "prework_kr_scores": ("KR 评分对比(分歧最大的在前)", "KR scores side by side (most contested first)"),
    "prework_owner_score": ("负责人自评", "Owner's score"),
    "prework_member_scores": ("成员评分", "Members' scores"),
    "prework_spread": ("极差", "Spread"),
    "divergence": ("分歧", "Divergence"),
    "divergence_split": ("两派", "two camps"),
    "divergence_wide": ("分歧大", "wide spread"),
    "divergence_agree": ("一致", "agreement"),
    "divergence_too_few": ("评分不足", "too few scores"),
    "prework_to_whiteboard": ("上白板", "To the whiteboard"),
    "prework_answers": ("各成员的回答", "Every member's answers"),
    "prework_topics": ("建议上白板的议题", "Proposed whiteboard topics"),
    "prework_reload": ("重新读取会前作业", "Reload the pre-work"),
    "prework_problems": ("未能计入的会前作业", "Pre-work that could not be counted"),
    "prework_name": ("你的姓名", "Your name"),
    "prework_scores": ("我的 KR 评分", "My KR scores"),
    "prework_my_krs": ("我负责的 KR", "The KRs I own"),
    "prework_other_krs": ("其他 KR(可选)", "Other KRs (optional)"),
    "prework_score": ("我的评分", "My score"),
    "prework_score_hint": ("0–1,如 0.7", "0–1, e.g. 0.7"),
    "prework_why_hint": ("一句话说明理由", "why, in a line"),
    "prework_topics_hint": ("每行一个议题", "one topic per line"),
}


# The company: its folder, the roll-up, the decisions (okrbook.company).
MESSAGES.update(
    {
        "company_not_a_department": (
            "文件夹“{name}”不是部门的工作簿根目录(没有 okrs.yaml);公司文件夹中的每个子文件夹都应是一个部门",
            'the folder "{name}" is not a department\'s workbook root (it has no okrs.yaml); '
            "every subfolder of a company folder is one department",
        ),
        "company_record_elsewhere": (
            "这份记录属于 {quarter},却放在另一个季度的文件夹里",
            "this record is for {quarter} but sits in another quarter's folder",
        ),
        "company_department_year": (
            "部门的 OKR 表是 {year} 年的,公司是 {company_year} 年的,未计入汇总",
            "the department's OKR sheet is for {year} but the company's year is {company_year}; "
            "it was left out of the roll-up",
        ),
        "company_other_company": (
            "部门的 OKR 表属于公司“{company}”,不是“{expected}”,未计入汇总",
            'the department\'s OKR sheet belongs to "{company}", not "{expected}"; '
            "it was left out of the roll-up",
        ),
        "company_duplicate_department": (
            "部门“{name}”还有另一个文件夹({folders});一个部门只能有一个文件夹,两个都未计入",
            'the department "{name}" has another folder ({folders}); one department has one folder, '
            "so neither was counted",
        ),
        "company_unknown_kr": (
            "支撑的公司 KR “{id}”在 company.yaml 中不存在",
            'supports company KR "{id}", which company.yaml does not have',
        ),
        "company_decision_unknown": (
            "这条决定针对的部门“{name}”不在公司文件夹中",
            'this decision is for the department "{name}", which the company folder does not have',
        ),
        "company_decisions_conflict": (
            "决定已被其他人(或另一个内核)修改:磁盘上是第 {disk} 版,本视图基于第 {mine} 版。"
            "为避免覆盖对方的修改,本次未保存;请重新加载。",
            "the decisions were changed by someone else (or another kernel): revision {disk} on disk, "
            "this view has {mine}. Nothing was saved, so their edits are not lost; reload.",
        ),
        "company_valid": (
            "公司文件夹有效:{count} 个部门",
            "the company folder is valid: {count} {count:plural:department|departments}",
        ),
        "company_invalid": (
            "公司文件夹有 {count} 个问题",
            "the company folder has {count} {count:plural:problem|problems}",
        ),
        "company_department_ok": ("{name}:有效({quarters})", "{name}: valid ({quarters})"),
        "company_department_broken": ("{name}:无法读取:{reason}", "{name}: cannot be read: {reason}"),
        "rollup_output_kind": (
            "汇总报告只写入 .html、.md 或 .pdf 文件,不会写入 {path}",
            "the roll-up is written to a .html, .md or .pdf file only, not to {path}",
        ),
        "rollup_pdf_unavailable": (
            "这个版本的 okrbook 还不能写 PDF(缺少 okrbook.minutes.pdf);请先写 HTML,再用浏览器打印成 PDF",
            "this okrbook cannot write PDF yet (okrbook.minutes.pdf is missing): write the HTML and "
            "print it to PDF from a browser",
        ),
        "rollup_written": ("汇总报告已写入:{path}", "roll-up written to {path}"),
        "company_notebook_made": ("已创建公司复盘笔记本:{path}", "company review notebook created: {path}"),
        "company_notebook_exists": (
            "{path} 已存在,不会覆盖",
            "{path} already exists and will not be overwritten",
        ),
        "sheet_change_applied": (
            "按公司的决定({decided_on} 批准)调整 {id} 的目标:{old} → {new}",
            "applied the company's decision (approved {decided_on}): {id} target {old} → {new}",
        ),
        "decision_saved_in": (",保存在 {path}", ", in {path}"),
        "decision_none_proposed": (
            "本季度没有部门提出年度 OKR 调整",
            "no department proposed an annual adjustment this quarter",
        ),
    }
)


# The company on JupyterHub (okrbook.hub): the roster as accounts, the folders' permissions.
MESSAGES.update(
    {
        "hub_roster_line": ("第 {line} 行:{reason}", "line {line}: {reason}"),
        "hub_roster_empty": (
            "名册为空:在 company.yaml 的 roster: 下每人写一行(login、name、department、role)",
            "the roster is empty: write one line per person under roster: in company.yaml "
            "(login, name, department, role)",
        ),
        "hub_login_invalid": (
            "登录名“{login}”不能作为系统用户名(小写字母、数字、_ 或 -,以字母或 _ 开头,最多 32 个字符)",
            'the login "{login}" cannot be a system user name (lower-case letters, digits, _ or -, '
            "starting with a letter or _, at most 32 characters)",
        ),
        "hub_login_twice": (
            "登录名“{login}”重复(第 {first} 行已有)",
            'the login "{login}" appears twice (first on line {first})',
        ),
        "hub_name_twice": (
            "姓名“{name}”与第 {first} 行的姓名相同(忽略全角、空格和大小写后):两人会共用一份会前作业文件",
            'the name "{name}" is the same as the one on line {first} (ignoring full-width, spaces '
            "and case): the two would share one pre-work file",
        ),
        "hub_needs_department": (
            "角色为 {role} 的人必须写明部门(department)",
            "a {role} needs a department",
        ),
        "hub_unknown_department": (
            "部门“{department}”不是公司文件夹中的部门(现有:{known})",
            'the department "{department}" is not a department of the company folder (there are: {known})',
        ),
        "hub_not_root": (
            "okrbook hub setup 需要以 root 运行(它会创建用户、组并设置权限);先用 --dry-run 查看要做的事",
            "okrbook hub setup must run as root (it makes users and groups and sets permissions); "
            "see what it would do with --dry-run",
        ),
        "hub_tool_missing": (
            "缺少系统命令 {tool}(Debian:apt-get install {package})",
            "the system command {tool} is missing (Debian: apt-get install {package})",
        ),
        "hub_step_failed": ("命令失败:{command}:{reason}", "a command failed: {command}: {reason}"),
        "hub_nothing_to_do": (
            "用户、组、文件夹和权限都已符合名册",
            "users, groups, folders and permissions already match the roster",
        ),
        "hub_done": ("已完成 {count} 步", "{count} steps done"),
        "hub_not_on_roster": (
            "“{login}”不在公司名册(company.yaml 的 roster:)中,这里没有你的 okrbook 内容;请联系管理员",
            '"{login}" is not on the company\'s roster (roster: in company.yaml), so okrbook has nothing '
            "for you here; ask your administrator",
        ),
        "hub_config_written": ("JupyterHub 配置已写入:{path}", "JupyterHub configuration written to {path}"),
        "hub_logged_in": ("已登录:{name}({login})", "logged in as {name} ({login})"),
        "hub_facilitator": (
            "已登录的主持人:{name}({login})",
            "logged in as facilitator: {name} ({login})",
        ),
        "hub_login_not_on_roster": (
            "已登录为“{login}”,但公司名册中没有这个登录名:无法确定你是谁,表单不会保存;请联系管理员",
            'logged in as "{login}", whom the company\'s roster does not list: the form cannot tell who '
            "you are and saves nothing; ask your administrator",
        ),
        "hub_prework_url": (
            "成员填写会前作业的地址(发给团队,每人用自己的账号登录):",
            "where members fill in their pre-work (send it to the team; each logs in as themselves): ",
        ),
    }
)
LABELS.update(
    {
        "rollup_title": (
            "{company} · {quarter} OKR 复盘汇总",
            "{company} · {quarter} OKR retrospective roll-up",
        ),
        "rollup_at_a_glance": ("一览", "At a glance"),
        "rollup_totals": (
            "{departments} 个部门:{held} 个已开复盘会({minutes} 个有纪要);未达成的承诺型目标 {missed} 个;"
            "待决定的调整 {awaiting} 项;无人承接的公司 KR {gaps} 个;逾期家庭作业 {overdue} 项",
            "{departments} departments: {held} held their retrospective ({minutes} with minutes); "
            "{missed} committed objectives missed; {awaiting} adjustments awaiting a decision; "
            "{gaps} company KRs nobody carries; {overdue} homework items overdue",
        ),
        "rollup_broken_count": (
            "{count} 个部门无法读取",
            "{count} {count:plural:department|departments} cannot be read",
        ),
        "rollup_strategy": ("公司战略", "The company's strategy"),
        "rollup_departments": ("各部门", "Departments"),
        "rollup_held": ("已复盘", "Held"),
        "rollup_not_held": ("未复盘", "Not held"),
        "rollup_minutes": ("纪要", "Minutes"),
        "rollup_no_minutes": ("无纪要", "no minutes"),
        "rollup_mean": ("部门得分", "Department score"),
        "rollup_committed_missed": ("未达成的承诺型目标", "Committed objectives missed"),
        "rollup_prework": ("会前作业", "Pre-work"),
        "rollup_prework_count": ("{handed}/{expected} 人已交", "{handed} of {expected} handed in"),
        "rollup_kr_scores": ("KR 最终得分", "KR final scores"),
        "rollup_annual": ("年度 KR 判断", "Annual KR verdicts"),
        "rollup_projected_verdict": ("预测判断", "Projection"),
        "rollup_broken": ("无法读取", "Cannot be read"),
        "rollup_company_krs": ("公司 KR 与承接的部门", "Company KRs and the departments that carry them"),
        "rollup_carried_by": ("承接的部门 KR", "Carried by"),
        "rollup_gaps": ("无部门承接的公司 KR(缺口)", "Company KRs no department carries (gaps)"),
        "rollup_drift": (
            "不支撑任何公司 KR 的部门年度 KR(偏离)",
            "Department annual KRs that carry no company KR (drift)",
        ),
        "rollup_adjustments": ("年度 OKR 调整:提出与决定", "Annual adjustments: proposed and decided"),
        "rollup_sheet_changes": ("按公司决定调整的年度目标", "Annual targets changed by a company decision"),
        "rollup_proposed_in": ("提出于", "Proposed in"),
        "rollup_decision": ("决定", "Decision"),
        "rollup_decided_on": ("决定日期", "Decided on"),
        "rollup_whiteboard": (
            "未决的根本问题:定位、目标、价值主张",
            "Open fundamental questions: positioning, goals, value proposition",
        ),
        "rollup_overdue": ("逾期的家庭作业", "Homework overdue"),
        "rollup_days_overdue": ("逾期天数", "Days overdue"),
        "rollup_history": ("各季度的部门得分", "Department scores by quarter"),
        "rollup_problems": ("需要处理的问题", "Problems to fix"),
        "rollup_as_of": ("截至 {date}", "as of {date}"),
        "rollup_generated_by": (
            "由 okrbook 根据各部门的复盘记录生成",
            "Made by okrbook from the departments' records",
        ),
        "decision_awaiting": ("待决定", "awaiting a decision"),
        "decision_approved": ("已批准", "approved"),
        "decision_declined": ("已驳回", "declined"),
        "decision_note": ("决定说明", "Note"),
        "decision_by": ("决定人", "Decided by"),
        "decisions_title": ("对调整建议作出决定", "Decide on the proposed adjustments"),
    }
)


# The notebooks' guidance for the lead and the members (okrbook.notebook.template).
GUIDES: dict[str, tuple[str, str]] = {
    "retro_title": (
        "季度 OKR 复盘",
        "Quarterly OKR retrospective",
    ),
    "retro_use": (
        "**使用方法**:在菜单中选择 *Run → Run All Cells*,从上到下运行。"
        "每个回答都在输入时自动保存到本文件夹的 `record.yaml`,"
        "每个环节顶部的“已保存”一行会告诉你保存的时间;无需修改任何代码。如果提示记录已被其他人修改,"
        "点“重新加载”。",
        "**How to use**: choose *Run → Run All Cells* to run the notebook top to bottom. Every answer "
        "is saved to `record.yaml` in this folder as you type, and the “saved at” line at the top of "
        "each section says when; you never edit code. If it says someone else changed the record, "
        "click “Reload”.",
    ),
    "retro_time": (
        "目标是在一小时左右得出结论:每个环节都有时间预算,点“开始本环节”开始计时。",
        "The aim is a result in about an hour: each section has a time budget; click “Start this "
        "section” to start its clock.",
    ),
    "export_title": (
        "导出纪要",
        "Export the minutes",
    ),
    "export": (
        "会后导出纪要发给全部门:HTML 文件可离线打开、可打印,Markdown 适合贴到 wiki,PDF 便于转发。"
        "也可以用菜单 File → Save and Export Notebook As → Okrbook_minutes,或在终端运行 "
        "`okrbook export .`。",
        "After the meeting, export the minutes for the department: the HTML file opens offline and "
        "prints well; Markdown pastes into a wiki; the PDF is for forwarding. Or use File → Save and "
        "Export Notebook As → Okrbook_minutes, or in a terminal: `okrbook export .`",
    ),
    "section_header": (
        "开会前填好日期、主持人和参会人;需要时调整各环节的时间预算(默认合计约 60 分钟)。",
        "Before you start: the date, the facilitator and who is here; adjust the time budgets if "
        "needed (about 60 minutes in all by default).",
    ),
    "section_homework_review": (
        "先回顾上次会议留下的家庭作业:逐项标记已完成、仍未完成或已放弃,并写一句说明。"
        "仍未完成的会带到下个季度。",
        "Start with the homework the last meeting handed out: mark each item done, still open or "
        "dropped, with a note. What is still open carries over to next quarter.",
    ),
    "section_big_picture": (
        "用一两分钟重温大图:团队的定位、目标和价值主张,客户是谁,客户的真正需求是什么。"
        "有变化就直接修改。年度 OKR 是用一年表达的长期价值,它应当从这里来。",
        "Spend a minute or two on the big picture: the team's positioning, goals and value proposition,"
        " who the customer is and what they really need. Edit it if it changed. Annual OKRs are "
        "long-term value expressed for one year; they should come from here.",
    ),
    "section_prework": (
        "会前每位成员在 `prework/prework.ipynb` 中写下自己的回答和 KR 评分(也可用 `okrbook prework "
        "import` 导入问卷)。这里并排展示:谁交了、谁没交;每个 KR 的成员评分、负责人自评和计算得分,"
        "分歧最大的在前;每个问题各人的回答。分歧大的 KR 或回答,一键放上白板。",
        "Before the meeting each member writes their own answers and KR scores in "
        "`prework/prework.ipynb` (or a survey is imported with `okrbook prework import`). Here they "
        "are side by side: who handed in and who did not; each KR's members' scores beside the owner's "
        "and the computed one, most contested first; every member's answer to each question. Put a "
        "contested KR or answer on the whiteboard in one click.",
    ),
    "section_group1": (
        "着眼于本季度 OKR 的设定与执行。",
        "This quarter's OKRs: how they were set and carried out.",
    ),
    "section_group2": (
        "着眼于季度 OKR 和年度 OKR 之间的承接:一个季度的价值在于推动了多少年度目标。",
        "How the quarter carries the year: a quarter is judged by how much it moved the annual objectives.",
    ),
    "section_whiteboard": (
        "把讨论中最有争议的根本问题写上白板,标明它涉及定位、目标、价值主张、客户还是需求。"
        "当场能解决的写下结论;解决不了的转为家庭作业,写明负责人和截止日期。",
        "Write the most contested fundamental questions on the whiteboard, tagged by what they touch: "
        "positioning, goals, value proposition, customer or need. Settle what you can and write the "
        "resolution; make the rest homework, with its owner and due date.",
    ),
    "section_homework": (
        "一次会议解决不了的问题交给具体的人:写清内容、负责人和截止日期。下次复盘开场时回顾。",
        "What one meeting cannot settle goes to a person: what, who, and by when. The next "
        "retrospective starts by reviewing it.",
    ),
    "prework_title": (
        "会前作业",
        "Pre-work",
    ),
    "prework_use": (
        "**填写方法**:在表单里选择或输入你的姓名,然后回答两组问题、给你负责的 KR "
        "打分(其他 KR 可选),并提出你想在会上讨论的白板议题。"
        "每次修改都会自动保存到本文件夹中以你的姓名命名的文件;无需修改任何代码。",
        "**How to fill it in**: choose or type your name in the form, then answer the two groups of "
        "questions, score the KRs you own (the others if you like) and propose topics for the "
        "whiteboard. Every change is saved as you type to a file named after you in this folder; you "
        "never edit code.",
    ),
    # shown in JupyterLab only: Voilà runs the form itself and leaves this cell out
    "prework_run": (
        "在 JupyterLab 中打开时,先选择 *Run → Run All Cells*,表单就会出现在下方"
        "(用 Voilà 打开 `voila prework.ipynb` 时表单已就绪)。",
        "Opened in JupyterLab, first choose *Run → Run All Cells*; the form then appears below "
        "(opened with Voilà, `voila prework.ipynb`, the form is already there).",
    ),
}


GUIDES.update(
    {
        "company_title": ("公司 OKR 复盘汇总", "The company's OKR roll-up"),
        "company_use": (
            "**使用方法**:选择 *Run → Run All Cells*。上面几部分只读,来自各部门的复盘记录;"
            "最后一部分是对年度 OKR 调整建议的决定,每次修改都会立即保存到本文件夹的 `decisions.yaml`"
            "(与复盘记录一样:原子写入、带版本号,别人先保存时不会覆盖)。部门下次运行 `okrbook new` 时,"
            "批准的调整会写进新季度的 OKR 表快照,并在记录中留下变更日志。",
            "**How to use**: choose *Run → Run All Cells*. The parts above are read-only, from the "
            "departments' records; the last part is the decision on each proposed annual adjustment, "
            "saved as you choose to `decisions.yaml` in this folder (like a record: atomic, revisioned, "
            "never overwriting someone who saved first). A department's next `okrbook new` writes the "
            "approved targets into the new quarter's sheet snapshot, with a change log in its record.",
        ),
    }
)


# argparse's own words (usage, headings, its errors), in Chinese; English is argparse's.
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法:",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s:错误:%(message)s\n",
    "the following arguments are required: %s": "缺少以下参数:%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r(可选:%(choices)s)",
    "unrecognized arguments: %s": "无法识别的参数:%s",
    "expected one argument": "需要一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s:%(message)s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值:%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项:%(option)s 可能是 %(matches)s",
}


def name_separator(lang: str) -> str:
    """What goes between names in a run of text: ``、`` in Chinese, ``, `` in English."""
    return _NAME_SEPARATOR.get(lang, ", ")


def join_names(names: Iterable[object], lang: str) -> str:
    """Names in a run of text: ``王磊、李娜`` in Chinese, ``Lei, Na`` in English."""
    return name_separator(lang).join(str(n) for n in names)


def html_lang(lang: str) -> str:
    """The page's ``lang`` attribute, so a browser picks Chinese fonts and hyphenation right."""
    return "zh-CN" if lang == "zh" else "en"


def detect_lang(explicit: str | None = None) -> str:
    """The CLI's language: explicit choice, then OKRBOOK_LANG, then the locale."""
    for candidate in (explicit, os.environ.get("OKRBOOK_LANG")):
        if candidate in LANGS:
            return candidate
    loc = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "zh" if loc.lower().startswith("zh") else "en"


class _Formatter(string.Formatter):
    """``str.format`` with English plurals: ``{n} {n:plural:item|items}`` → ``1 item``, ``2 items``."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("plural:"):
            one, _, other = format_spec.removeprefix("plural:").partition("|")
            return one if value == 1 else other
        return super().format_field(value, format_spec)


_FORMAT = _Formatter()


def _pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    zh, en = table[key]
    return zh if lang == "zh" else en


def message(key: str, lang: str = "en", **params: object) -> str:
    """The message in ``lang``; a parameter that is itself an error (an OS reason) is said in ``lang`` too."""
    said = {k: v.render(lang) if callable(getattr(v, "render", None)) else v for k, v in params.items()}
    return _FORMAT.vformat(_pick(MESSAGES, key, lang), (), said)


def label(key: str, lang: str = "en", **params: object) -> str:
    text = _pick(LABELS, key, lang)
    return _FORMAT.vformat(text, (), params) if params else text


def guide(key: str, lang: str = "en") -> str:
    """A notebook's guidance (its Markdown cells) in ``lang``."""
    return _pick(GUIDES, key, lang)
