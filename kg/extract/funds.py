"""Funds: sums put in, raised, lent, granted or paid out, with who and what for.

A sum counts as a fund when its clause has a verb of moving money (投入, 筹集,
下拨, 发放, 贷款 …) or names money for a purpose (…资金, …金); incomes,
wages, prices, output, revenue, poverty lines and allowance standards do not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import clause_bounds, strip_time, subject
from .money import find_money, yuan_str

__all__ = ["FundHit", "find_funds"]

FLOW_VERBS = ["投入", "拿出", "筹集", "筹措", "协调", "下拨", "拨付", "拨出", "发放", "投资", "贷款",
              "补助", "申请", "安排", "争取", "募集", "捐赠", "捐款", "捐助", "援助", "贴息", "落实",
              "整合", "统筹", "注入", "奖补", "资助", "兑现", "发放了", "提供", "支持", "帮扶", "借款",
              "放贷", "授信", "发放贷款", "办理", "撬动", "吸引", "引进", "引导", "带动", "用于", "投放",
              "划拨", "追加", "预拨", "下达", "到位", "累计发放", "救助", "补贴", "慰问", "捐", "理赔",
              "赔付", "分红", "兑付", "拨款", "出资", "代缴", "缴纳", "支付", "补偿", "配套"]
_FLOW_RE = re.compile("|".join(sorted(FLOW_VERBS, key=len, reverse=True)))
# sums that are not funds: incomes, standards, prices, output, wages …
_NOT_FUND = re.compile(
    r"收入|人均|标准(?!化)|工资|价格|产值|营业|利润|贫困线|年薪|月薪|销售额|总额达|营收|效益|产量|单价|"
    r"元/|每[\u4e00-\u9fff]{1,3}|单个|最高|最多|最低|不超过|不低于|户均|"
    r"元一|余额|提高到|提高至|由\S{0,8}元|增收|市值|估值|规模达|交易额|成交")
# verbs that also modify a money noun (救助资金, 补助金): not the verb then
_NOUNY = {"救助", "补助", "补贴", "援助", "帮扶", "贴息", "奖补", "资助", "支持", "扶持", "捐助", "慰问"}
_MONEY_WORD = re.compile(r"(资金|基金|款|金|补贴|贷款|经费|捐款|补助)")


@dataclass
class FundHit:
    amount: str
    amount_text: str
    purpose: str
    provider: str
    recipient: str
    flow: str
    start: int
    end: int


_GENERIC_OBJECT = re.compile(r"^(?:各类|专项|帮扶|整合|统筹|财政|涉农|项目|社会|各级|上级|省|市|县|、)*$")
# what the money did, in the clause after the sum: ，建起一座加工厂 / 修通了公路 / 帮助贫困户…
_DEED_RE = re.compile(r"[，,]?(?:主要|全部|专门|重点)?((?:建起|建成|建设|修通|修建|新建|改造|实施|打了|铺设|购买|帮助|支持|"
                      r"扶持|资助|聘请|发展|推广|整修|完成|硬化|安装|配套|改善|解决|培训|奖励|补贴)[^，。；]{1,40})")


def _purpose(text: str, s: int, e: int, cs: int, ms: int, me: int) -> str:
    """What a sum is for, in the article's words: 用于X; else the specific
    money noun (产业扶贫资金 → 产业扶贫); else what the next clause says it did."""
    after = text[me:e]
    m = re.match(r"[，,]?(?:专项)?(?:资金)?[，,]?(?:专项|主要|全部)?(?:将)?(?:全部)?用于([^，。；]{2,40})", after)
    if m:
        return m.group(1)
    lead = text[cs:ms]
    verb = _last_verb(lead)
    obj = ""
    if verb is not None:
        obj = re.sub(r"^(?:了|共|累计|共计)+", "", lead[verb.end():])
        obj = re.sub(r"(?:专项)?(?:资金|基金|经费|(?<!贷)款)$", "", obj)
        if obj and not _GENERIC_OBJECT.match(obj) and not re.search(r"[为向给对到]", obj):
            return obj
    m = _DEED_RE.match(after)
    if m:
        return re.sub(r"^(帮助(?:村里|村民|群众)?)?([\u4e00-\u9fff]{2})了", r"\2", m.group(1))
    m = re.search(r"为([^，。；]{2,20}?)提供", after)
    if m:
        return m.group(1)
    return obj if obj and not _GENERIC_OBJECT.match(obj) and not re.search(r"[为向给对到]", obj) else ""


def _last_verb(lead: str):
    """The verb of moving money in ``lead``: the first one that is not a noun
    modifier (发放|小额贷款, 下拨|社会救助资金)."""
    for v in _FLOW_RE.finditer(lead):
        after = lead[v.end():v.end() + 3]
        if v.group(0) in _NOUNY | {"贷款", "贴息"} and (
                re.match(r"[金款资经贷]", after) or v.end() == len(lead) and _FLOW_RE.search(lead[:v.start()])):
            continue    # 救助资金, 小额贷款: a noun here
        if re.match(r"单位|部门|干部|对象|工作队|责任人|力量", after):
            continue    # 帮扶单位: part of the subject
        return v
    return None


_RECIPIENT_RES = [
    # 为贫困村引进…, 向低保对象发放…, 对302名学生进行救助
    re.compile(r"(?:向|为|给|对)([^，。；为向给对]{2,40}?)(?:发放|办理|申请|拨付|提供|下拨|安排|进行|引进|争取|"
               r"建起|建成|修建|购买|兑现|理赔|赔付|分红|捐赠|捐款|资助)"),
    # 辐射带动135个贫困村、1.8万户增收; 帮助38个贫困村整修道路
    re.compile(r"(?:辐射带动|带动|惠及|覆盖|帮助|扶持|支持)([^，。；]{2,40}?)(?:增收|脱贫|受益|发展|实现|整修|改造|建设|"
               r"修建|建起|摆脱|就业|$|[，。；])"),
    # 在贫困村安排…
    re.compile(r"在([^，。；在]{2,12}?)(?:安排|建设|实施|建起|建成|修建|新建|改造)"),
    # 1.46万名贫困人口, 全县所有贫困村
    re.compile(r"((?:全[县市区乡镇村省]|所有|[\d.]+万?(?:余|多)?(?:个|名|户|人|所))[^，。；\d]{0,16}?"
               r"(?:贫困村|贫困户|贫困人口|贫困群众|学生|群众|农户|村民|劳动力|人口|老人|家庭|搬迁户|村))"),
]


def _recipient(text: str, s: int, e: int, cs: int, ce: int, ms: int, me: int) -> str:
    """Who or where the money goes: the candidate of the sentence nearest the sum."""
    sent, rel = text[s:e], ms - s
    best = None
    for rank, rx in enumerate(_RECIPIENT_RES):
        for m in rx.finditer(sent):
            cand = m.group(1).strip("，、 ")
            if not cand or re.search(r"\d+(?:\.\d+)?(?:万|亿)?元", cand) or _FLOW_RE.match(cand):
                continue
            dist = min(abs(m.start() - rel), abs(m.end() - rel))
            key = (rank > 1, dist)
            if best is None or key < best[0]:
                best = (key, cand)
    return best[1] if best else ""


def find_funds(text: str, sentences) -> list[FundHit]:
    """Funds in ``text``; ``sentences`` are (start, end, kind) spans."""
    out: list[FundHit] = []
    seen: dict[str, FundHit] = {}
    for s, e, kind in sentences:
        if kind in ("masthead", "dateline", "byline", "credit"):
            continue
        sent = text[s:e]
        for ms, me, value in find_money(sent):
            ms, me = s + ms, s + me
            cs, ce = clause_bounds(text, ms, s, e)
            clause = text[cs:ce]
            lead = text[cs:ms]
            after = _NOT_FUND.search(text[me:min(me + 6, ce)])     # (6: the look-ahead of 标准(?!化))
            if _NOT_FUND.search(lead[-14:]) or after and after.start() < 4 or \
                    re.search(r"(?:为|给|向|对|按)每", lead) or \
                    re.match(r"以内|以下|以上|封顶|起步|为限", text[me:me + 2]):
                continue
            verb = _last_verb(lead)
            total = re.search(r"(?:共计|合计|总计|累计|共)$", lead) and _FLOW_RE.search(text[s:cs])
            if verb is None and not _MONEY_WORD.search(clause) and not total and \
                    not re.match(r"(?:专项|主要)?用于", text[me:me + 4]):
                continue
            flow = verb.group(0) if verb else ""
            # the subject: from the sentence start (or clause start) to the verb
            vpos = cs + verb.start() if verb else ms
            provider = re.sub(r"(?:为|向|对|给)[^，。；]*$", "", text[cs:vpos])
            provider = _tidy_party(subject(provider, 0, len(provider)))
            if not provider or provider.startswith(("为", "向", "对", "将", "帮助")):
                provider = _tidy_party(_sentence_subject(text, s, cs))
            purpose = _purpose(text, s, e, cs, ms, me)
            recipient = _recipient(text, s, e, cs, ce, ms, me)
            hit = FundHit(yuan_str(value), text[ms:me], purpose, provider[:30], recipient, flow, s, e)
            prior = seen.get(hit.amount)
            # the same sum told again (a 数读 box, a caption) is the same fund
            if prior is not None and (not hit.provider or not prior.provider or hit.provider == prior.provider):
                continue
            seen[hit.amount] = hit
            out.append(hit)
    return out


# time words, adverbs and discourse markers that are not the party of a fund
_PARTY_HEAD = re.compile(r"^(?:另悉|据介绍|据了解|与此同时|此外|同时|其中|目前|全年|今年|去年|上半年|下半年|当天|"
                         r"现场|先后|已经|已|共|还|也|又|并|就|累计|多方)+")
_PARTY_TAIL = re.compile(r"(?:(?:到村|驻村|任职|上任)?(?:以来|[半一二两三四五六七八九十\d]+年(?:多)?来)|全年新|今年新|"
                         r"全年|今年|当天|现场|直接|先后|已经|已|共计|共|还|也|又|并|就|多方|新|累计)+$")
def _tidy_party(party: str) -> str:
    """A fund's provider without the time words and adverbs around it.

    >>> _tidy_party("全市金融机构全年"), _tidy_party("两年来"), _tidy_party("他到村半年来")
    ('全市金融机构', '', '他')
    """
    return _PARTY_TAIL.sub("", _PARTY_HEAD.sub("", party))


def _sentence_subject(text: str, s: int, cs: int) -> str:
    """The subject at the start of the sentence, when the clause has none."""
    head = strip_time(text[s:cs].strip("，, "))
    m = re.match(r"([^，。；]{2,12}?)(?:积极|扎实|认真|大力|共|先后|已|还|全面)?(?:开展|出台|做好|实施|推进|做到|组织|落实|坚持)", head)
    if m:
        return m.group(1)
    m = re.match(r"([^，。；]{2,8})[，,]", head)
    return m.group(1) if m else ""
