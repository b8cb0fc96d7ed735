"""Every label and message okrbook shows, in 简体中文 and English.

A workbook chooses its language; the CLI follows ``--lang``, then
``OKRBOOK_LANG``, then the locale. Question texts live in
:mod:`okrbook.method`; this module holds the rest.
"""

from __future__ import annotations

import locale
import os

LANGS = ("zh", "en")

# key: (简体中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
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
    "not_text": ("应为文本,实际是 {got}", "expected text, got {got}"),
    "not_number": ("“{value}”不是数字", '"{value}" is not a number'),
    "not_bool": ("“{value}”应为是/否", '"{value}" should be yes or no'),
    "not_date": ("“{value}”不是日期(应为 YYYY-MM-DD)", '"{value}" is not a date (use YYYY-MM-DD)'),
    "not_int": ("“{value}”不是整数", '"{value}" is not a whole number'),
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
    # workbook
    "workbook_exists": (
        "工作簿 {path} 已存在,不会覆盖",
        "the workbook {path} already exists and will not be overwritten",
    ),
    "workbook_made": ("已创建工作簿:{path}", "workbook created: {path}"),
    "carried_over": (
        "从 {quarter} 带入 {homework} 项家庭作业、{whiteboard} 个白板问题",
        "carried over from {quarter}: {homework} homework items, {whiteboard} whiteboard items",
    ),
    "no_previous": ("没有找到上一季度的记录,无需带入", "no previous quarter's record to carry over"),
    "imported": (
        "已导入 {objectives} 个目标、{krs} 个 KR,写入 {path}",
        "imported {objectives} objectives and {krs} KRs into {path}",
    ),
    "output_exists": (
        "{path} 已存在;如需覆盖请加 --force",
        "{path} already exists; add --force to overwrite it",
    ),
    "valid": ("有效", "valid"),
    "invalid": ("无效", "invalid"),
}

# Labels shown beside values, in tables and forms.
LABELS: dict[str, tuple[str, str]] = {
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
}


def detect_lang(explicit: str | None = None) -> str:
    """The CLI's language: explicit choice, then OKRBOOK_LANG, then the locale."""
    for candidate in (explicit, os.environ.get("OKRBOOK_LANG")):
        if candidate in LANGS:
            return candidate
    loc = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "zh" if loc.lower().startswith("zh") else "en"


def _pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    zh, en = table[key]
    return zh if lang == "zh" else en


def message(key: str, lang: str = "en", **params: object) -> str:
    return _pick(MESSAGES, key, lang).format(**params)


def label(key: str, lang: str = "en") -> str:
    return _pick(LABELS, key, lang)
