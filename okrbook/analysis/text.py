"""Reading an OKR's wording, in Chinese and in English: what the microscope's checks look at.

A fixed list of verbs cannot keep up with how people write, so Chinese titles are
segmented and tagged with jieba (its dictionary and part-of-speech tags ship in its
wheel and work offline): the words themselves, not substrings, are compared, so 完成率
is a rate and not 完成, 发布会 a meeting and not 发布, 和谐 never splits a title at 和,
and a verb the lists never heard of still starts a verb phrase. English is split into
words by a regular expression; its verbs come from a lexicon, as a tagger would need a
model download.

Everything here is a pure function of the text, cached per title: a company-wide
check reads the same titles many times. jieba is imported on first use, so importing
the microscope costs nothing until a Chinese title is read (see benchmarks/bench_microscope.py).
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Any

from okrbook.io.cache import TextCache, cache_dir

# --- words --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word and its part of speech: jieba's tag for Chinese (v verb, n noun, m number,
    q measure word, c conjunction, p preposition, x punctuation...), ``w`` for an English word."""

    text: str
    pos: str


# jieba's dictionary is general-purpose; OKR titles lean on words it tags otherwise or joins
# with their object (上线 is a noun to it, 降低成本 one word, 需求 a verb).
_ZH_WORDS = {
    "a": "可持续 低成本 高效 优质".split(),
    "v": "上线 下线 清理 落地 交付 举办 召开 回访 拜访 复盘 迁移 重构 打响 签约 新签 "
    "跑通 压到 降到 提到".split(),
    "n": "需求 留存 流失 举措 激活率 留存率 流失率 转化率 复购率 续约率 获客成本 客单价 营收 满意度 "
    "覆盖率 参与率 完成率 准确率 可用性 白皮书 提案 清单 名单 看板 用例".split(),
}
_ZH_SPLIT = "降低成本 提升效率 提高效率 降本增效 扩大规模 需求量".split()


@lru_cache(maxsize=1)
def _zh_tagger() -> Any:
    """jieba's part-of-speech tagger on a private dictionary (loaded once, quietly)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    # jieba keeps its parsed dictionary in /tmp/jieba.cache by default: one file for every user of
    # a machine, which another user's process cannot replace (a traceback in the lead's notebook
    # on a hub) and any user can plant. Each user's own okrbook cache holds it instead.
    with contextlib.suppress(OSError):
        cache_dir().mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(cache_dir())
    for word in _ZH_SPLIT:
        tokenizer.del_word(word)
    for tag, words in _ZH_WORDS.items():
        for word in words:
            tokenizer.add_word(word, 20000, tag)
    return jieba.posseg.POSTokenizer(tokenizer)


def normalise(text: str) -> str:
    """Width and compatibility forms folded (full-width digits and commas become ASCII)."""
    return unicodedata.normalize("NFKC", text).strip()


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*%?|[%$+<>≤≥]|[.;,:&()/]")


def _segments_version() -> str:
    """Everything the segmentation depends on: jieba's version and okrbook's own word lists."""
    try:
        jieba_version = metadata.version("jieba")
    except metadata.PackageNotFoundError:
        jieba_version = "?"
    return repr((1, jieba_version, sorted((k, sorted(v)) for k, v in _ZH_WORDS.items()), sorted(_ZH_SPLIT)))


# Loading jieba's dictionary takes a second or two: a title segmented once is not segmented again,
# in this process or the next (the meeting's notebook, okrbook export, okrbook check).
_SEGMENTS = TextCache("segments", _segments_version())


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[Word, ...]:
    """The words of ``text``: jieba's for Chinese, a regular expression's for English."""
    text = normalise(text)
    if is_chinese(text):
        known = _SEGMENTS.get(text)
        if not (isinstance(known, list) and all(isinstance(w, list) and len(w) == 2 for w in known)):
            known = [[w, f] for w, f in _zh_tagger().cut(text) if w.strip()]
            _SEGMENTS.put(text, known)
        return tuple(Word(str(w), str(f)) for w, f in known)
    return tuple(Word(w.lower(), "w") for w in _EN_WORD.findall(text))


# --- numbers ------------------------------------------------------------------------------

_ZH_NUMERAL = "零一二两三四五六七八九十百千万亿几"
_NUMBER = re.compile(rf"\d|[{_ZH_NUMERAL}]+[个次场篇家位名项条份期轮节套款人倍]")
_COUNT_ZH = re.compile(
    rf"(?:\d[\d,.]*|[{_ZH_NUMERAL}]+)\s*(?:\+\s*)?(场|次|篇|个|期|轮|节|堂|项|份|件|家|位|名|人|对|款|套|条|小时)"
)
_COUNT_EN = re.compile(
    r"(?<![\w.])(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twenty|dozen)\b"
    r"(?!\s*%|[-\s]*(?:years?|months?|quarters?|weeks?|days?|hours?|hrs?|mins?|minutes?)\b)",
    re.I,
)


def has_number(text: str) -> bool:
    """The title names a number (digits, or a Chinese numeral with a measure word)."""
    return bool(_NUMBER.search(normalise(text)))


# --- KRs ----------------------------------------------------------------------------------
#
# A KR states a *result* when a clause changes or reaches a level (提升/降低/达到, increase,
# reach, from x to y, below 5%, within 2 days) or counts results (新签客户 10 家, add 30
# companies), unless what it counts is the team's own activity (处理反馈数量增加, 培训参与率).
# Otherwise a KR that counts activities or products measures output; one that produces a
# report, plan, list, design, module or section, one that is done or not done (a milestone,
# 0 → 1), and one whose head verb names work are tasks.

_ZH_CHANGE_VERBS = frozenset(
    "提升 提高 降低 降到 降至 减少 下降 增加 增长 缩短 缩减 压缩 压到 翻倍 翻番 突破 达到 达 达成 "
    "超过 超出 低于 高于 少于 多于 增至 减至 提至 提到 加到 减少到 改善".split()
)
# Verbs that state a result only with a count or a level: 获得 100 名 MQL, 保持在 99.95%.
_ZH_GAIN_VERBS = frozenset(
    "保持 控制 维持 实现 获得 赢得 取得 新签 新增 签约 签下 拿下 吸引 留住 挽回 转化 通过 覆盖".split()
)
_ZH_RESULT_VERBS = _ZH_CHANGE_VERBS | _ZH_GAIN_VERBS
# a time limit: "48 小时内解决", "1个工作日内", "15分钟完成"
_ZH_TIME_LIMIT = (
    r"\d\s*个?(?:工作日|秒|分钟|分|天|小时|周|日|ms)\S{0,2}内|\d\s*(?:秒|分钟|小时|天)(?:完成|解决|响应|恢复)"
)
_ZH_COMPARATORS = re.compile(
    rf"%|‰|以上|以下|以内|之内|不低于|不高于|不超过|不少于?\d|[<>≤≥]|{_ZH_TIME_LIMIT}|从.*?[到至]|由.*?[到至]"
)
_ZH_METRIC_END = re.compile(
    r"(率|度|性|比|比例|占比|份额|时间|时长|周期|成本|费用|收入|营收|销量|销售额|得分|评分|分数|数|量|值|价|延迟|NPS|CSAT|MTTR|P\d+)$"
)
_ZH_RESULT_NOUNS = frozenset(
    "客户 用户 企业 伙伴 分销商 经销商 渠道 商户 门店 订单 线索 会员 粉丝 合作 合作关系 媒体 MQL "
    "MQLs SQL 注册".split()
)
# The team's own activities and what they produce: counted, they measure output.
_ZH_ACTIVITY_VERBS = frozenset(
    "组织 举办 召开 开展 进行 拜访 访谈 培训 安排 写 撰写 编写 发表 发布 输出 提交 参加 测试 处理 "
    "回访 面试 分享 提出 推送 直播 走访 调研 开 举行 完成 上线 推出 交付 集成 整理 制作 策划 执行 "
    "宣讲 巡检 演练".split()
)
_ZH_ACTIVITY_NOUNS = frozenset(
    "会 会议 沙龙 培训 访谈 测试 用例 文章 篇文章 分享 分享会 发布会 座谈会 研讨会 讲座 直播 课程 "
    "拜访 回访 评审 巡检 演练 调研 面试 宣讲 提案 提醒".split()
)
# How far the team's own activity went: 培训覆盖率, 回访覆盖率, 处理反馈数量 (not 处理人员数量).
_ZH_COVERAGE = re.compile(
    r"(培训|访谈|回访|拜访|评审|巡检|演练|宣讲|处理|发布|举办|召开|撰写|测试)(?!人员).{0,6}"
    r"(覆盖率|参与率|覆盖|人次|次数|场次|数量|篇数)"
)
_ZH_DOCUMENTS = frozenset(
    "报告 方案 计划 规划 清单 名单 列表 设计 模块 板块 版块 章节 白皮书 手册 文档 指南 制度 规范 "
    "流程图 原型 文案 提案 分析 地图 蓝图".split()
)
_ZH_FILLER = re.compile(
    r"^(截止|截至|到|在|于)?\s*(\d{4}\s*年\s*)?(Q\d|[一二三四1-4]季度|季度末|年底|年中|月底|\S{0,6}?(月底|月中旬|月初|日|号))?\s*(前|内|底|末)?\s*"
)

_EN_RESULT_VERBS = frozenset(
    "increase increases increased raise raises reduce reduces cut cuts grow grows reach reaches "
    "reached achieve achieves improve improves double doubles halve halves lower lowers decrease "
    "decreases maintain maintains keep keeps hold hit win wins won sign signs signed add acquire "
    "gain gains attract retain generate generates source convert converts boost drop drops exceed "
    "exceeds pass passes get be is are has have ensure sure".split()
)
_EN_COMPARATOR = re.compile(
    r"%|\bfrom\b.*\bto\b|\b(?:under|over|above|below|within|fewer than|less than|more than|at most|"
    r"no more than|at a)\s+\$?\d|\d\S*\s+or\s+(?:higher|more|better|less|lower)|\d\+|[<>≤≥]",
    re.I,
)
# result verbs that need no number: doubling is a measure, passing and winning are results
_EN_SELF_MEASURED = frozenset("double doubles halve halves pass passes win wins won".split())
_EN_RESULT_NOUNS = frozenset(
    "customers customer companies company users user accounts deals leads designs sign-ups signups "
    "subscribers partners clients queries visits visitors registrations registrants downloads "
    "installs".split()
)
_EN_ACTIVITY_VERBS = frozenset(
    "hold held run ran conduct conducted host hosted organise organize organised organized publish "
    "published post posted write wrote produce produced give deliver do did attend attended visit "
    "call send sent interview test tested train trained hire hired launch launched ship shipped fix "
    "fixed create created collect collected distribute distributed complete completed finish run "
    "review onboard".split()
)
_EN_ACTIVITY_NOUNS = frozenset(
    "interviews meetings sessions trainings training workshops webinars events posts articles pieces "
    "tests calls demos reviews responses tickets integrations times boot-camp bootcamp courses talks "
    "classes surveys".split()
)
_EN_TASK_VERBS = frozenset(
    "launch complete finish hold organise organize build implement re-implement develop conduct run "
    "host set roll deploy release ship write draft prepare create establish start kick attend "
    "migrate deliver redesign design identify define test track hire renegotiate upgrade introduce "
    "publish know do train setup refactor rebuild integrate document evaluate improve update "
    "automate replace move".split()
)
_EN_DONE = re.compile(
    r"\b(added|implemented|completed|launched|shipped|released|deployed|built|created|finished|delivered|"
    r"migrated|rolled out|set up|published|done|in place|live)\b",
    re.I,
)
_EN_DOCUMENTS = frozenset(
    "report plan roadmap list design module section documentation document docs analysis map "
    "strategy playbook proposal pitch template handbook guide whitepaper spec specification "
    "framework policy".split()
)
_LEADING_MARK = re.compile(r"^\s*(?:KR\s*\d+|\d+)\s*[.、:)\-]\s*", re.I)


@dataclass(frozen=True)
class KRReading:
    """What a KR's title says, as the checks need it.

    ``result``: a clause states a result or names a metric. ``activity``: the output it
    counts or names (a meeting, a post...) or None. ``counted``: it gives a count.
    ``document``: the report, plan, list... it ends in producing, or None. ``head``: the
    verb of the work it names, or None; ``leads``: that verb opens the title ("上线新版",
    not "新手引导完成率"). ``number``: the title names a number.
    """

    result: bool
    activity: str | None
    counted: bool
    document: str | None
    head: str | None
    leads: bool
    number: bool


def read_kr(title: str) -> KRReading:
    """Read a KR title (cached)."""
    return _read_kr(normalise(_LEADING_MARK.sub("", normalise(title))))


@lru_cache(maxsize=8192)
def _read_kr(text: str) -> KRReading:
    if is_chinese(text):
        return _read_kr_zh(text)
    return _read_kr_en(text)


def _zh_clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[,;。;:!?]|(?<=\S)\s*并且?\s*(?=\S)", text) if c.strip()]


def _zh_result_clause(clause: str, ws: tuple[Word, ...], after_activity: bool = False) -> bool:
    if after_activity and ws[0].text in ("覆盖", "参与"):
        return False  # "组织 3 次培训,覆盖 80% 销售": how far the activity reached, still output
    if _ZH_COVERAGE.search(clause):
        return False  # the coverage or count of the team's own activity is output
    verbs = [
        w for w in ws if w.text in _ZH_RESULT_VERBS or w.text[:2] in _ZH_RESULT_VERBS and w.pos[0] == "v"
    ]
    counted = _COUNT_ZH.search(clause)
    activity_count = any(w.text in _ZH_ACTIVITY_VERBS for w in ws) and bool(counted)
    if verbs:
        passed = re.search(r"通过.{0,20}(审计|认证|考核|验收|评审|评估|测试|审核)", clause)
        if ws[0].text == "通过" and not passed:
            verbs = [w for w in verbs if w is not ws[0]]  # "通过论文研究,完成报告": 通过 is "by"
        gain = all(w.text in _ZH_GAIN_VERBS for w in verbs)
        if not verbs or gain and not (passed or has_number(clause) or _ZH_COMPARATORS.search(clause)):
            pass  # "全部签约伙伴完成定级": 签约 names the partners, it measures nothing
        elif not activity_count or _ZH_COMPARATORS.search(clause):
            return True
    if _ZH_COMPARATORS.search(clause):
        metric = any(_ZH_METRIC_END.search(w.text) and w.pos[0] in "nxe" for w in ws)
        if metric or re.search(rf"{_ZH_TIME_LIMIT}|[<>≤≥]", clause):
            return True
    if counted and counted.group(1) in "家位名人" and not activity_count:
        return any(w.text in _ZH_RESULT_NOUNS for w in ws) or bool(re.search(r"新签|签约|合作", clause))
    if (
        counted
        and any(w.text in _ZH_RESULT_NOUNS for w in ws)
        and re.search(r"建立.{0,4}合作|签约|新签|获得", clause)
    ):
        return True
    # a clause that names a metric: "月活跃企业数", "付费投放获客成本(CAC)", "新手引导完成率"
    named = [w for w in words(re.sub(r"\(.*?\)$", "", clause)) if w.pos != "x"]
    return bool(named) and named[-1].pos[0] in "n" and bool(_ZH_METRIC_END.search(named[-1].text))


def _read_kr_zh(text: str) -> KRReading:
    result = leads = False
    activity = document = head = None
    counted = False
    for clause in _zh_clauses(text):
        ws = words(clause)
        if not ws:
            continue
        if _zh_result_clause(clause, ws, activity is not None):
            result = True
            continue
        core = words(_ZH_FILLER.sub("", clause)) or ws
        if head is None:
            verbs = [
                i for i, w in enumerate(core) if w.pos[0] == "v" and w.text not in ("截止", "截至", "通过")
            ]
            leads = bool(verbs) and verbs[0] == 0
            # verb-first ("上线新手引导") the first verb heads it; noun-first ("报告发布") the last one
            pure = [i for i in verbs if core[i].pos == "v"] or verbs
            head = core[verbs[0] if leads else pure[-1]].text if verbs else None
        count = _COUNT_ZH.search(clause) or re.search(rf"每[天周月季年].{{0,6}}[一1{_ZH_NUMERAL}]次", clause)
        act_words = [w.text for w in ws if w.text in _ZH_ACTIVITY_NOUNS]
        act_verbs = [w.text for w in core if w.text in _ZH_ACTIVITY_VERBS]
        coverage = _ZH_COVERAGE.search(clause)
        if coverage:
            activity, counted = activity or coverage.group(1), True
        elif count and (act_words or act_verbs):
            activity, counted = activity or (act_words or act_verbs)[0], True
        elif act_words and re.search(r"每[天周月季年]", clause):
            activity = activity or act_words[0]
        nouns = [w.text for w in core if w.pos[0] in "nv" and w.text not in _ZH_RESULT_VERBS]
        if nouns and nouns[-1] in ("发布", "提交", "完成", "输出"):  # "调研报告发布"
            nouns = nouns[:-1]
        doc = next((d for d in _ZH_DOCUMENTS if nouns and nouns[-1].endswith(d)), None)
        if doc:
            document = document or doc
        if count:
            counted = True
    return KRReading(result, activity, counted, document, head, leads, has_number(text))


def _en_clauses(text: str) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for w in (x.text for x in words(text)):
        if w in (",", ";", ".", ":") or w == "and" and out[-1] and len(out[-1]) > 2:
            out.append([])
        else:
            out[-1].append(w)
    return [c for c in out if c]


def _read_kr_en(text: str) -> KRReading:
    result = bool(_EN_COMPARATOR.search(text))
    leads = False
    activity = document = head = None
    counted = bool(_COUNT_EN.search(text))
    for ws in _en_clauses(text):
        first = next((w for w in ws if w.isalpha() or "-" in w), None)
        if head is None and first in _EN_TASK_VERBS | _EN_ACTIVITY_VERBS:
            head, leads = first, ws[0] == first
        verbs = [
            w
            for w in ws
            if w in _EN_RESULT_VERBS and w not in ("be", "is", "are", "has", "have", "get", "sure")
        ]
        if (
            any(w in _EN_SELF_MEASURED for w in verbs)
            or verbs
            and counted
            and first not in _EN_ACTIVITY_VERBS
        ):
            result = True
        if ws[0] in ("be", "make", "ensure", "get") and counted:
            result = True
        acts = [w for w in ws if w in _EN_ACTIVITY_NOUNS]
        if acts or first in _EN_ACTIVITY_VERBS and counted:
            activity = activity or (acts[0] if acts else first)
        if counted and first not in _EN_ACTIVITY_VERBS and any(w in _EN_RESULT_NOUNS for w in ws):
            result = True
        docs = [w for w in ws if w.rstrip("s") in _EN_DOCUMENTS or w in _EN_DOCUMENTS]
        if docs and (first in _EN_TASK_VERBS or first is None or ws.index(docs[0]) <= 2):
            document = document or docs[-1]  # the head of an English noun phrase comes last
    if head is None:
        done = _EN_DONE.search(text)
        head = done.group(1).lower() if done else None
    return KRReading(result, activity, counted, document, head, leads, has_number(text))


# --- objectives: two goals glued together --------------------------------------------------
#
# Two goals are two verb phrases joined by a connector (并/和/以及/同时/, ; and/&/plus),
# each a verb with something it acts on, the second neither explaining nor measuring the
# first: "提升老客户留存,为明年扩张打基础" (a purpose), "突破东南亚市场,实现区域营收占比30%"
# (a measure), "打造人才发展体系,提升能力储备" (a means and its end) are one goal each. Weak
# connectors (和, 与, 及, 、, a comma; "and") also join nouns, so the side after them must start
# with a verb: "提升产品质量和用户满意度" is one goal.

_ZH_STRONG = frozenset("并 并且 同时 以及 而且 此外 另外 且 ;".split())
_ZH_WEAK = frozenset("和 与 及 、 ,".split())
# The second side explains the first: a purpose, a consequence, the aspiration it reaches.
_ZH_PURPOSE = re.compile(
    r"^(以|以便|以此|为|为了|从而|进而|来|用于|助力|支撑|支持|保障|确保|满足|服务|牵引|推动|带动|促进|成为|做到|"
    r"打造成|靠|凭|借助|依靠|通过|让|使|使得)"
)
# The first side builds the means: a system, a mechanism, a model... serving the second.
# The first side builds the means (a system, a mechanism, a model) or runs the activity (an
# event, a project) that serves the second.
_ZH_MEANS = re.compile(
    r"(^通过)|(体系|机制|制度|平台|系统|流程|模式|结构|供应链|渠道|工具|方法|能力|基础|大会|活动|会议|项目|赛事)$"
)

_EN_CONNECTOR = re.compile(
    r"\s*(?:&|;|,|\.(?=\s+[A-Z])|\b(?:and|as well as|while also|while|plus)\b)\s*", re.I
)
_EN_STRONG = frozenset({";", ".", "as well as", "while also", "while", "plus"})
_EN_GOAL_VERBS = frozenset(
    "improve increase grow reduce cut launch build deliver expand become win ship raise lower create "
    "establish make delight double halve achieve ensure keep retain enter scale strengthen open hire "
    "complete drive boost decrease attract eliminate secure cement modernize modernise simplify "
    "accelrate accelerate speed earn introduce develop define prepare engage turn resolve get stop "
    "reach sign acquire convert extend transform lead protect minimise minimize maximise maximize".split()
)
_EN_PURPOSE = frozenset("so to by for via through in order".split())


def _zh_goal(ws: list[Word]) -> bool:
    """A verb phrase: a verb with something it acts on."""
    core = [w for w in ws if w.pos not in ("x", "m", "q") and w.text.strip()]
    return (
        any(w.pos == "v" or w.pos == "vn" and i == 0 for i, w in enumerate(core))
        and len("".join(w.text for w in core)) > 2
    )


def _zh_starts_goal(ws: list[Word]) -> bool:
    """Starts with a verb used as a verb ("可持续的渠道" uses it as an adjective)."""
    core = [w for w in ws if w.pos not in ("d", "ad", "x", "m", "q")]
    if not core or core[0].pos != "v":
        return False
    after = ws[ws.index(core[0]) + 1 :]
    return not (after and after[0].text == "的") and _zh_goal(ws)


def _zh_explains(left: str, right: str) -> bool:
    right = right.strip()
    return bool(
        _ZH_PURPOSE.match(right) or has_number(right) or "达到" in right or _ZH_MEANS.search(left.strip())
    )


def joined_goals(title: str) -> str | None:
    """The connector that glues two goals together in ``title``, or None."""
    return _joined_goals(normalise(title))


@lru_cache(maxsize=8192)
def _joined_goals(text: str) -> str | None:
    if is_chinese(text):
        return _joined_goals_zh(text)
    return _joined_goals_en(text)


def _zh_segments(text: str) -> list[tuple[str, list[Word]]]:
    """The title cut at its connectors: (the connector before the segment, its words)."""
    segments: list[tuple[str, list[Word]]] = [("", [])]
    for w in words(text):
        if w.text in _ZH_STRONG or w.text in _ZH_WEAK and w.pos in "cpx":
            connector, body = segments[-1]
            if not body and connector:  # ", 同时": one connector, the stronger word
                segments[-1] = (w.text if w.text in _ZH_STRONG else connector, body)
            else:
                segments.append((w.text, []))
        else:
            segments[-1][1].append(w)
    return segments


def _joined_goals_zh(text: str) -> str | None:
    segments = _zh_segments(text)
    for k in range(1, len(segments)):
        connector, right = segments[k]
        before = [w for _, seg in segments[:k] for w in seg]
        new_goal = _zh_goal(right) if connector in _ZH_STRONG else _zh_starts_goal(right)
        if segments[k - 1][1] and segments[k - 1][1][-1].pos == "v" and connector in ("并", "和", "与"):
            continue  # "发现并拉住他们": two verbs sharing one object, one goal
        left_text = "".join(w.text for w in segments[k - 1][1])
        right_text = "".join(w.text for w in right)
        if new_goal and _zh_goal(before) and not _zh_explains(left_text, right_text):
            return connector
    return None


def _en_words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


_EN_DETERMINERS = frozenset("the a an our their its your every all more".split())
_EN_NOT_VERBS = _EN_DETERMINERS | _EN_PURPOSE | frozenset("in on of with at from into".split())


def _en_verb_at(ws: list[str], i: int) -> bool:
    """A verb by the lexicon, or by its place: a word followed by "the/our/a..." ("monetise the")."""
    w = ws[i]
    return w in _EN_GOAL_VERBS or (
        i + 1 < len(ws) and ws[i + 1] in _EN_DETERMINERS and w not in _EN_NOT_VERBS and not w.endswith("ly")
    )


def _en_goal(ws: list[str]) -> bool:
    return len(ws) >= 2 and any(_en_verb_at(ws, i) for i in range(len(ws)))


def _joined_goals_en(text: str) -> str | None:
    cuts = list(_EN_CONNECTOR.finditer(text))
    for i, m in enumerate(cuts):
        connector = m.group().strip().lower() or ","
        right = _en_words(text[m.end() : cuts[i + 1].start() if i + 1 < len(cuts) else len(text)])
        if right and right[0] in _EN_PURPOSE:
            continue
        if connector in _EN_STRONG:
            new_goal = _en_goal(right)
        else:
            new_goal = _en_goal(right) and any(_en_verb_at(right, i) for i in range(min(2, len(right))))
        if new_goal and _en_goal(_en_words(text[: m.start()])):
            return m.group().strip() or ","
    return None
