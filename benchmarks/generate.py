"""Generate realistic synthetic articles of the genre, for benchmarks.

Each article is a county-paper page about poverty alleviation (扶贫) in a real
prefecture and county of the gazetteer, with real township and village
names: a dated page header, a masthead, a headline, a byline, and body
paragraphs with officials and their posts, first secretaries and work teams
sent to villages by named units, funds in every written shape, quoted and
titled measures, dated meetings and visits, and some of the PDF artefacts the
real pages have (lines wrapped inside words, spaces inside names and numbers).
Names come from a small pool, so that one name appears in many articles, in
different places (as 王建国 does in real papers): the corpus exercises
cross-article resolution as well as extraction.

Deterministic: the same ``--seed`` and ``-n`` give the same files.

    .venv/bin/python benchmarks/generate.py -n 1000 -o /tmp/corpus1k
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["建国", "建华", "国强", "秀英", "桂英", "志强", "海燕", "红梅", "立新", "文斌", "晓东", "丽娟",
         "永平", "春生", "德明", "玉兰", "俊杰", "明辉", "卫东", "新民", "振华", "小平", "静", "勇",
         "军", "磊", "洋", "艳", "杰", "涛", "明", "超", "敏", "娟", "强", "华", "平", "刚", "辉", "鹏"]
UNITS = ["{pref}委组织部", "{pref}财政局", "{pref}扶贫办", "{pref}农业农村局", "{pref}交通运输局",
         "{pref}人民医院", "{pref}供电公司", "{pref}税务局", "{county}委宣传部", "{county}水利局",
         "{county}教育局", "{county}人社局", "{pref}市场监管局", "{county}住建局"]
POSTS_COUNTY = ["县委书记", "县长", "县委副书记", "副县长", "县委常委、组织部部长", "县扶贫办主任"]
POSTS_TOWN = ["党委书记", "镇长", "党委副书记", "副镇长"]
MEASURES = ["“三变”改革", "“五个一批”工程", "“双联双包”工作机制", "“一村一品”产业行动", "“四议两公开”工作法",
            "“扶贫车间”建设行动", "“雨露计划”", "“百企帮百村”行动", "“户户通”工程", "“三保障”工作机制",
            "“志智双扶”行动", "“党建+扶贫”模式"]
DOCUMENTS = ["《关于打赢脱贫攻坚战的实施意见》", "《精准扶贫精准脱贫三年行动方案》", "《产业扶贫专项资金管理办法》",
             "《易地扶贫搬迁实施方案》", "《健康扶贫工程实施细则》"]
PURPOSES = ["修建村组道路", "发展特色种植", "建设扶贫车间", "实施易地扶贫搬迁", "改造农村危房", "建设光伏电站",
            "发展肉牛养殖", "完善饮水安全工程", "发放产业奖补", "建设村级卫生室"]
PROVIDERS = ["县财政", "市财政", "省财政厅", "{unit}", "东西部协作资金", "县扶贫办"]
CROPS = ["核桃", "花椒", "茶叶", "中药材", "食用菌", "肉牛", "生猪", "蔬菜", "苹果", "猕猴桃"]
PAPERS = ["日报", "晚报", "融媒"]
WEEKDAYS = "一二三四五六日"


def _gazetteer():
    from kg.extract.gazetteer import _village_blocks, load_gazetteer

    gaz = load_gazetteer()
    text, blocks = _village_blocks()
    return gaz, text, blocks


def _villages_of(text, blocks, code) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for start, end in blocks.get(code, ()):
        for line in text[start:end].split("\n"):
            if line:
                _, town, village = line.split("\t")
                if village.endswith("村") and 3 <= len(village) <= 5:
                    out.setdefault(town, []).append(village)
    return out


def _name(rng: random.Random) -> str:
    # a small pool: common names recur across articles and places
    return rng.choice(SURNAMES[:40]) + rng.choice(GIVEN)


def _money(rng: random.Random) -> tuple[str, int]:
    kind = rng.random()
    if kind < 0.4:
        n = rng.randint(5, 900)
        return f"{n}万元", n * 10_000
    if kind < 0.6:
        n = rng.randint(11, 98) / 10
        return f"{n:g}亿元", int(round(n * 100_000_000))
    if kind < 0.8:
        n = rng.randint(2, 99)
        return f"{n} 万元", n * 10_000
    n = rng.randint(100, 9999) * 10
    return f"{n}元", n


def _wrap(text: str, rng: random.Random, width: int) -> str:
    """Lines cut every ``width`` characters, inside words, as PDF text is."""
    if width <= 0:
        return text
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def article(rng: random.Random, gaz, vtext, blocks, index: int) -> tuple[str, str]:
    """(file stem, text) of one article."""
    cities = article.cities
    while True:
        city = rng.choice(cities)
        counties = [c for c in gaz.descendants(city, "X") if gaz.areas[c].name.endswith(("县", "区", "市", "旗"))]
        counties = counties[:4]
        if not counties:
            continue
        county = rng.choice(counties)
        towns = _villages_of(vtext, blocks, gaz.areas[county].code)
        towns = {t: v for t, v in towns.items() if t.endswith(("镇", "乡")) and len(v) >= 2}
        if len(towns) >= 2:
            break
    pref = gaz.areas[city].name
    cname = gaz.areas[county].name
    prov = gaz.areas[gaz.ancestor(city, "P")].name
    short = pref[:-1] if len(pref) > 2 and pref.endswith(("市", "州", "盟")) else pref
    date = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(365 * 8))
    paper = short + rng.choice(PAPERS)
    page = rng.randint(1, 8)
    town_names = rng.sample(sorted(towns), min(len(towns), rng.randint(2, 3)))
    people = {}

    registry = article.registry      # officials stay in post: later pages name them again

    def person(role: str) -> str:
        if role not in people:
            key = (cname, role)
            if key in registry and rng.random() < 0.7:
                people[role] = registry[key]
            else:
                people[role] = registry[key] = _name(rng)
        return people[role]

    # 阿里地区 → 阿里地委, 焦作市 → 焦作市委
    party = pref[:-2] + "地" if pref.endswith("地区") else pref

    def unit() -> str:
        return rng.choice(UNITS).format(pref=party, county=cname)

    paras = []
    t0, t1 = town_names[0], town_names[1]
    v0 = rng.sample(towns[t0], min(3, len(towns[t0])))
    v1 = rng.choice(towns[t1])
    crop = rng.choice(CROPS)
    head = f"{crop}产业铺就脱贫路\n——{cname}扎实推进脱贫攻坚见闻"
    byline = f"本报记者 {_name(rng)} 通讯员 {_name(rng)}"
    secretary, mayor = person("书记"), person("县长")
    paras.append(
        f"本报{cname[:-1] if len(cname) > 2 else cname}讯 {date.month}月{date.day}日，{cname}召开脱贫攻坚推进会，"
        f"县委书记{secretary}、县长{mayor}出席会议。会议要求，全县上下要坚持精准扶贫精准脱贫基本方略，"
        f"确保贫困群众如期脱贫。")
    amount, _ = _money(rng)
    purpose = rng.choice(PURPOSES)
    provider = rng.choice(PROVIDERS).format(unit=unit())
    paras.append(
        f"今年以来，{provider}累计投入扶贫资金{amount}，用于{purpose}。{cname}{t0}{v0[0]}是深度贫困村，"
        f"全村共有建档立卡贫困户{rng.randint(30, 200)}户{rng.randint(100, 700)}人。")
    sent_unit = unit()
    first_sec = person("第一书记")
    paras.append(
        f"{sent_unit}派驻{v0[0]}第一书记{first_sec}到任后，带领群众发展{crop}种植{rng.randint(100, 3000)}亩，"
        f"村集体经济年收入达到{rng.randint(3, 50)}万元。“过去守着穷山沟，现在日子越过越红火。”"
        f"贫困户{_name(rng)}笑着说。")
    team_unit = unit()
    paras.append(
        f"{team_unit}帮扶工作队进驻{t1}{v1}以来，协调资金{_money(rng)[0]}修建通组公路{rng.randint(2, 20)}公里，"
        f"新建饮水工程{rng.randint(1, 9)}处。{t1}党委书记{person('镇书记')}介绍，全镇已有"
        f"{rng.randint(3, 15)}个贫困村实现脱贫出列。")
    measure = rng.choice(MEASURES)
    doc = rng.choice(DOCUMENTS)
    paras.append(
        f"{cname}全面推行{measure}，出台{doc}，整合涉农资金{_money(rng)[0]}用于产业发展。"
        f"{t0}{'、'.join(v0[1:]) + '等村' if len(v0) > 2 else v0[-1]}成立了{crop}专业合作社，"
        f"带动{rng.randint(50, 500)}户贫困户增收。")
    d2 = date - dt.timedelta(days=rng.randint(3, 40))
    vice = person("副县长")
    paras.append(
        f"{d2.month}月{d2.day}日，副县长{vice}到{t1}{v1}调研易地扶贫搬迁工作，"
        f"要求加快安置点建设进度，确保搬迁群众搬得出、稳得住、能致富。")
    if rng.random() < 0.5:
        paras.append(
            f"{party}委副书记{person('市委副书记')}在{cname}督导脱贫攻坚工作时强调，要压实责任，"
            f"把脱贫攻坚各项任务落到实处。")
    width = rng.choice((0, 0, 16, 18, 22))
    body = "\n\n".join(_wrap(p, rng, width) for p in paras)
    header = (f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}\n\n"
              f"{paper}\n\n第{page:02d}版\n\n{head}\n\n{byline}\n\n")
    from kg.graph.iri import slug

    stem = f"{slug(paper)}-{date.isoformat()}-p{page:02d}-{index:05d}"
    return stem, header + body + "\n"


def generate(n: int, out: Path, seed: int = 1) -> list[Path]:
    gaz, vtext, blocks = _gazetteer()
    rng = random.Random(seed)
    cities = [i for i, a in enumerate(gaz.areas) if a.level == "C"]
    # papers of some 60 prefectures: counties, and their officials, recur
    article.cities = rng.sample(cities, min(60, len(cities)))
    article.registry = {}
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        stem, text = article(rng, gaz, vtext, blocks, i)
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        p = sub / f"{stem}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100, help="number of articles")
    ap.add_argument("-o", "--out", required=True, help="folder to write them into")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    paths = generate(args.n, Path(args.out), args.seed)
    print(f"wrote {len(paths)} articles into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
