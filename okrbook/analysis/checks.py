"""The microscope (显微镜): flag OKRs that were set badly, before the meeting argues about them.

Each check is a small, explainable heuristic over the sheet. A check never
raises on odd input: whatever it sees becomes a :class:`Finding` that names
the objective or KR, says what looks wrong, why it matters and how to fix it,
in 简体中文 and English. Findings are prompts for the discussion of question
1.1 ("was the quarter's OKR set badly?"), not verdicts, so the heuristics
prefer missing a case to crying wolf.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from okrbook.core.findings import Finding, finding
from okrbook.core.numbers import format_number
from okrbook.core.record import Record
from okrbook.core.sheet import KeyResult, Objective, Sheet, quarter_label

MIN_KRS = 2
MAX_KRS = 5
WEIGHT_TOLERANCE = 0.01


# --- two goals glued together -------------------------------------------------------------
#
# Heuristic: an objective is two goals when a connector joins two *verb phrases*:
# the text before the connector holds a goal verb, and the stretch after it (up to the
# next connector) starts another clause with a goal verb plus something it acts on.
# "提升留存并拓展海外市场" and "Delight customers and grow revenue" are flagged;
# "提升产品质量和用户满意度" (one verb, two aspects), "Build a fast and reliable platform"
# and "提升同时在线人数" are not. Words that merely contain a connector character
# (和谐, 总和, 合并, 及时, 参与, 同时在线...) are masked first so they never split a title.

# Strong connectors open a new clause by themselves; weak ones (和, and, a comma) also join
# nouns, so the clause after them must start with a goal verb.
_ZH_STRONG = ("并且", "同时", "以及", "而且", "此外", "另外", "并", "且", ";")
_ZH_WEAK = ("和", "与", "及", "、", ",")
_EN_CONNECTOR = re.compile(r"\s*(?:&|;|,|\b(?:and|as well as|while also|while|plus)\b)\s*", re.I)
_EN_STRONG = frozenset({";", "as well as", "while also", "while", "plus"})
_ZH_CONNECTOR = re.compile("|".join(re.escape(c) for c in _ZH_STRONG + _ZH_WEAK))
_ZH_COMPOUNDS = (
    "和谐", "总和", "温和", "和平", "平和", "柔和", "缓和", "饱和", "暖和", "随和", "和睦", "和解",
    "调和", "亲和", "和气", "和蔼", "合并", "并发", "兼并", "并购", "并非", "并不", "并没", "并列",
    "并行", "同时在线", "同时段", "参与", "与会", "给与", "及时", "普及", "涉及", "及格", "来得及",
    "波及", "危及", "顾及",
)  # fmt: skip
_ZH_GOAL_VERBS = (
    "提升", "提高", "降低", "减少", "增加", "增长", "扩大", "拓展", "开拓", "打造", "建立", "建设",
    "搭建", "实现", "完成", "推进", "推出", "上线", "优化", "改善", "改进", "确保", "保持", "成为",
    "赢得", "获得", "占领", "突破", "控制", "缩短", "加快", "加强", "强化", "培养", "组建", "引入",
    "落地", "覆盖", "达到", "达成", "交付", "发布", "开展", "组织", "举办", "进入", "巩固", "夯实",
    "做大", "做强", "节省", "节约", "压缩", "翻倍", "吸引", "留住", "减轻", "消除", "守住",
)  # fmt: skip
_EN_GOAL_VERBS = frozenset(
    "improve increase grow reduce cut launch build deliver expand become win ship raise lower create "
    "establish make delight double halve achieve ensure keep retain enter scale strengthen open hire "
    "complete drive boost decrease attract eliminate secure cement modernize modernise simplify "
    "accelerate speed earn".split()
)
_MASK = "\u25a1"  # a neutral character that is neither a connector nor a verb


def _mask_compounds(text: str) -> str:
    for word in _ZH_COMPOUNDS:
        if word in text:
            text = text.replace(word, _MASK * len(word))
    return text


def _zh_clause(text: str) -> bool:
    """Holds a goal verb and something besides it."""
    return any(v in text for v in _ZH_GOAL_VERBS) and len(_content(text)) > 2


def _zh_starts_clause(text: str) -> bool:
    body = _content(text)
    return any(body.startswith(v) for v in _ZH_GOAL_VERBS) and len(body) > 2


def _content(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZ" and ch != _MASK)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def _en_clause(words: list[str]) -> bool:
    return any(w in _EN_GOAL_VERBS for w in words) and len(words) >= 2


def joined_goals(title: str) -> str | None:
    """The connector that glues two goals together in ``title``, or None."""
    text = _mask_compounds(unicodedata.normalize("NFKC", title))
    # Chinese: at each connector, left = everything before it, right = up to the next connector.
    cuts = [(m.start(), m.end(), m.group()) for m in _ZH_CONNECTOR.finditer(text)]
    for i, (start, end, connector) in enumerate(cuts):
        right = text[end : cuts[i + 1][0] if i + 1 < len(cuts) else len(text)]
        new_clause = _zh_clause(right) if connector in _ZH_STRONG else _zh_starts_clause(right)
        if new_clause and _zh_clause(text[:start]):
            return connector
    # English: the same rule on words; "and also grow" counts, so look at the first two words.
    en_cuts = list(_EN_CONNECTOR.finditer(text))
    for i, m in enumerate(en_cuts):
        connector = m.group().strip().lower() or ","
        right = _words(text[m.end() : en_cuts[i + 1].start() if i + 1 < len(en_cuts) else len(text)])
        if connector in _EN_STRONG:
            new_clause = _en_clause(right)
        else:
            new_clause = _en_clause(right) and any(w in _EN_GOAL_VERBS for w in right[:2])
        if new_clause and _en_clause(_words(text[: m.start()])):
            return m.group().strip() or ","
    return None


# --- KRs written as tasks ------------------------------------------------------------------
#
# A KR is a task when it names an activity ("完成……", "Launch ...") rather than the change
# the activity should bring. Flagged when the title starts with a task verb and states no
# result (no "提升/降低/达到", no "from x to y", no %), or when a milestone or a KR
# with no measure has a task verb anywhere. A measured count of activities ("完成 10 场访谈")
# is only "info": it measures output, not outcome.

_ZH_TASK_VERBS = (
    "完成", "上线", "推进", "组织", "开展", "搭建", "建立", "举办", "召开", "启动", "制定", "编写",
    "撰写", "开发", "实施", "部署", "发布", "筹备", "参加", "跟进", "梳理", "调研", "落实", "推动",
    "建设", "输出", "迁移",
)  # fmt: skip
_ZH_TASK = re.compile("|".join(_ZH_TASK_VERBS))
_EN_TASK = re.compile(
    r"\b(launch|complete|finish|hold|organi[sz]e|build|implement|develop|conduct|run|host|set up|roll out|"
    r"deploy|release|ship|write|draft|prepare|create|establish|start|kick off|attend|migrate|deliver|"
    r"held|built|ran|wrote)"
    r"(?:s|es|ed|d|ing)?\b",
    re.I,
)
_RESULT = re.compile(
    r"提升|提高|降低|减少|增加|增长|达到|达成|超过|不低于|不超过|不少于|缩短|翻倍|以上|以下|%|≥|≤|"
    r"从\s*[\d.]+.*?(?:到|至)\s*[\d.]+|"
    r"\b(?:increase|decrease|reduce|raise|lower|grow|reach|improve|cut|double|halve|achieve|"
    r"at least|at most|above|below|under|over|fewer|more than|less than)(?:s|es|ed|d|ing)?\b|"
    r"from\s*[\d.]+.*?to\s*[\d.]+",
    re.I,
)
_LEADING_MARK = re.compile(r"^\s*(?:KR\s*\d+|\d+)\s*[.、:)\-]\s*", re.I)


def task_verb(kr: KeyResult) -> tuple[str, bool] | None:
    """The task verb that makes ``kr`` read as an activity, and whether it is serious."""
    title = _LEADING_MARK.sub("", unicodedata.normalize("NFKC", kr.title)).strip()
    if _RESULT.search(title):
        return None
    loose = kr.kind == "milestone" or not kr.measurable
    m = _ZH_TASK.search(title) if loose else _ZH_TASK.match(title)
    if m:
        return m.group(), loose
    m = _EN_TASK.search(title)
    if m and (loose or m.start() == 0):
        return m.group(1).lower(), loose
    return None


# --- the checks ----------------------------------------------------------------------------


_NOT_WORD = re.compile(r"[^\w%]+")


def normalise_title(title: str) -> str:
    """Title with case, width, spaces and punctuation ignored: what makes two KRs 'the same'."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", title).casefold())


def _weights_explicit_and_wrong(krs: list[KeyResult]) -> float | None:
    """The weight total when weights were set on purpose and do not add up, else None.

    Every weight at its default 1.0 means "equal weights" and is fine. Any other
    value means the author set weights, so they must total 1 (or 100, written as
    percentages) within 1%.
    """
    weights = [kr.weight for kr in krs]
    if not weights or all(w == 1.0 for w in weights):
        return None
    total = sum(weights)
    if abs(total - 1.0) <= WEIGHT_TOLERANCE or abs(total - 100.0) <= 100.0 * WEIGHT_TOLERANCE:
        return None
    return total


def _objective_findings(obj: Objective) -> list[Finding]:
    out: list[Finding] = []
    connector = joined_goals(obj.title)
    if connector:
        out.append(finding("two_goals", "warning", obj.id, obj.title, connector=connector))
    n = len(obj.key_results)
    if n > MAX_KRS:
        out.append(finding("too_many_krs", "warning", obj.id, obj.title, count=n, limit=MAX_KRS))
    elif n < MIN_KRS:
        out.append(finding("too_few_krs", "warning", obj.id, obj.title, count=n, limit=MIN_KRS))
    total = _weights_explicit_and_wrong(obj.key_results)
    if total is not None:
        out.append(finding("weights_sum", "warning", obj.id, obj.title, total=format_number(total)))
    for kr in obj.key_results:
        if not kr.measurable:
            out.append(finding("no_measure", "warning", kr.id, kr.title))
        task = task_verb(kr)
        if task:
            verb, serious = task
            out.append(finding("kr_is_task", "warning" if serious else "info", kr.id, kr.title, verb=verb))
    return out


def _duplicates(objectives: Iterable[Objective]) -> list[Finding]:
    seen: dict[str, KeyResult] = {}
    out = []
    for obj in objectives:
        for kr in obj.key_results:
            key = normalise_title(kr.title)
            if key in seen:
                out.append(finding("duplicate_kr", "warning", kr.id, kr.title, first=seen[key].id))
            elif key:
                seen[key] = kr
    return out


def supported_annual(kr: KeyResult, annual_ids: set[str] | frozenset[str]) -> list[str]:
    """The annual KRs ``kr`` supports that actually exist (a broken link supports nothing)."""
    return [a for a in kr.supports if a in annual_ids]


def check_quarter(sheet: Sheet, quarter: object) -> list[Finding]:
    """Everything the microscope sees in one quarter's OKRs, in sheet order.

    ``quarter`` is ``Q3`` or ``2026Q3``. Beyond the per-objective checks this
    flags drift (an objective none of whose KRs supports an annual KR) and links
    to annual KRs that do not exist.
    """
    label = quarter_label(quarter)
    objectives = sheet.quarter(label)
    if not objectives:
        return [finding("no_objectives", "warning", label, label, quarter=label)]
    annual_ids = set(sheet.annual_krs())
    out: list[Finding] = []
    for obj in objectives:
        out.extend(_objective_findings(obj))
        for kr in obj.key_results:
            for target in kr.supports:
                if target not in annual_ids:
                    out.append(finding("unknown_support", "error", kr.id, kr.title, annual=target))
        if annual_ids and not any(supported_annual(kr, annual_ids) for kr in obj.key_results):
            out.append(finding("drift", "warning", obj.id, obj.title))
    out.extend(_duplicates(objectives))
    return out


def check_annual(sheet: Sheet) -> list[Finding]:
    """The microscope on the annual OKRs: the same per-objective checks, and none at all."""
    if not sheet.annual:
        return [finding("no_annual", "warning", str(sheet.year), sheet.department)]
    out: list[Finding] = []
    for obj in sheet.annual:
        out.extend(_objective_findings(obj))
    out.extend(_duplicates(sheet.annual))
    return out


def check_record(record: Record, sheet: Sheet) -> list[Finding]:
    """What a record says about KRs the sheet does not have (renamed ids after a re-import, typos).

    The minutes would silently leave such final scores, obstacles and verdicts out.
    """
    quarter_krs = {kr.id for o in sheet.quarter(quarter_label(record.quarter)) for kr in o.key_results}
    annual_krs = set(sheet.annual_krs())
    places = [(f"kr_reviews.{k}", k, quarter_krs) for k in record.kr_reviews]
    places += [(f"verdicts.{k}", k, annual_krs) for k in record.verdicts]
    places += [
        (f"adjustments[{i}].annual_kr", a.annual_kr, annual_krs) for i, a in enumerate(record.adjustments)
    ]
    return [
        finding("record_unknown_kr", "warning", ident, "", field=field)
        for field, ident, known in places
        if ident and ident not in known
    ]
