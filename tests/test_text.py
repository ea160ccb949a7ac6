"""Tests of stage 1, kg.text: read, repair, blocks, sentences, date."""
from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import InputError, KGError, OutputError, QueryError, UsageError
from kg.text import parse_text, read_document
from kg.text.repair import repaired_from
from kg.text.blocks import classify, segment
from kg.text.doubled import doubled_lines, undouble
from kg.text.pubdate import find_publication_date, find_publisher, find_title, parse_date
from kg.text.read import decode, read_text
from kg.text.repair import repair
from kg.text.sentences import split_sentences

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"


@pytest.fixture(scope="module")
def raw() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc():
    return read_document(ARTICLE)


def paragraphs(text: str) -> list[str]:
    return text.split("\n")


def block_texts(doc, kind: str) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == kind]


def assert_offsets(raw: str, text: str, offsets: list[int]) -> None:
    """The offset map's contract: one entry per char + 1, increasing, same chars."""
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(raw)
    assert all(a < b for a, b in zip(offsets, offsets[1:]))
    for i, c in enumerate(text):
        assert repaired_from(raw, offsets[i], c), (i, c, raw[offsets[i]])


# --- errors -------------------------------------------------------------

def test_error_codes_and_exit_statuses():
    assert (InputError.exit_code, UsageError.exit_code, QueryError.exit_code,
            OutputError.exit_code) == (3, 2, 4, 5)
    err = InputError("cannot\nread", path="a.txt", code="E101")
    assert isinstance(err, KGError) and err.code == "E101"
    assert str(err) == "E101 a.txt: cannot read"
    assert str(UsageError("bad option")) == "E200 bad option"


# --- read ---------------------------------------------------------------

SAMPLE = "2019年3月5日 星期二\n\n本报讯（记者 陈某）扶贫车间开工了。\n"


@pytest.mark.parametrize("encoding, prefix, name", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("utf-16-le", b"\xff\xfe", "utf-16"),
    ("utf-16-be", b"\xfe\xff", "utf-16"),
    ("gb18030", b"", "gb18030"),
    ("gbk", b"", "gb18030"),
])
def test_read_encodings(tmp_path, encoding, prefix, name):
    path = tmp_path / "page.txt"
    path.write_bytes(prefix + SAMPLE.encode(encoding))
    assert read_text(path) == (SAMPLE, name)


def test_bom_is_not_part_of_the_text_and_offsets_stay_consistent(tmp_path, raw):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + raw.encode("utf-8"))
    d = read_document(path)
    assert d.raw == raw and d.encoding == "utf-8-sig"
    assert_offsets(d.raw, d.text, d.offsets)


def test_gb18030_article_parses_like_utf8(tmp_path, raw, doc):
    path = tmp_path / "gb.txt"
    path.write_bytes(raw.encode("gb18030"))
    d = read_document(path)
    assert d.encoding == "gb18030"
    assert d.text == doc.text and d.blocks == doc.blocks


def test_explicit_encoding(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("扶貧".encode("big5"))
    assert read_text(path, encoding="big5") == ("扶貧", "big5")
    with pytest.raises(InputError, match="E105"):
        read_text(path, encoding="utf-8")


@pytest.mark.parametrize("data, code", [
    (b"", "E103"),
    (b" \n\t\n", "E103"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E104"),
    (b"%PDF-1.7\n%\xe2\xe3", "E106"),
])
def test_read_refuses_empty_and_binary(tmp_path, data, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_text(path)
    assert info.value.code == code and str(path) in str(info.value)
    assert info.value.exit_code == 3


def test_undecodable_names_file_and_first_bad_byte(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Poverty relief in Café Résumé".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_text(path)
    message = str(info.value)
    assert message.startswith(f"E105 {path}: ") and "\n" not in message
    assert "offset 21" in message and "0xe9" in message


def test_gb18030_needs_plausible_chinese():
    # Valid GB18030 byte pairs, but they decode to rare characters: refused.
    junk = bytes([0x81, 0x40, 0x82, 0x41, 0x83, 0x42, 0x84, 0x43]) * 3
    with pytest.raises(InputError, match="E105"):
        decode(junk, source="junk.txt")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="E101") as info:
        read_document(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)
    with pytest.raises(InputError, match="E102"):
        read_text(tmp_path)


# --- doubled header lines -------------------------------------------------

def test_undouble_the_date_line():
    s = "20172017年年11月月1212日日"
    kept, segments = undouble(s)
    assert "".join(s[i] for i in kept) == "2017年1月12日" and segments == 6
    assert kept[:5] == [0, 1, 2, 3, 8]          # the first copy of each run


@pytest.mark.parametrize("line, want", [
    ("星期四星期四", "星期四"), ("0303", "03"), ("11001100", "1100"), ("第3版第3版", "第3版"),
])
def test_undouble_runs(line, want):
    kept, _ = undouble(line)
    assert "".join(line[i] for i in kept) == want


@pytest.mark.parametrize("line", ["看看书", "脱贫攻坚工作扎实开展。", "谢谢你", "a"])
def test_ordinary_lines_do_not_decompose(line):
    assert undouble(line) is None


def test_short_doublings_need_a_doubled_neighbour():
    # alone they stay: a page "1111", a word "谢谢", an interjection
    for lone in (["1111", "正文第一段。"], ["谢谢"], ["哈哈哈哈", "他笑了。"]):
        assert doubled_lines(lone) == {}
    # in the header cluster they are undoubled
    found = doubled_lines(["20192019年年33月月55日日", "", "星期二星期二", "", "0808", "正文。"])
    assert sorted(found) == [0, 2, 4]
    assert doubled_lines(["星期二星期二", "0808"]) == {0: [0, 1, 2], 1: [0, 1]}


# --- repair ---------------------------------------------------------------

def test_repair_header_of_the_article(raw):
    text, offsets = repair(raw)
    assert paragraphs(text)[:3] == ["2017年1月12日", "星期四", "03"]
    assert text[offsets.index(raw.index("2017"))] == "2"


def test_repair_article_fixes(doc):
    text = doc.text
    for fixed in ("11月16日，王小平不设预案", "市委副书记、市长徐衣显", "编辑：郭剑│版式：李新战",
                  "市财政拿出3000万元专项资金", "各县（市）区结合实际", "县（市）区党委",
                  "2012年以来", "2016年8月22日，市公安局驻修武县西村乡平顶爻村", "在平顶爻村现场"):
        assert fixed in text, fixed
    assert "本报记者 杨仕智" in paragraphs(text)       # role and name stay apart


def test_offset_map_of_the_article(raw, doc):
    assert_offsets(raw, doc.text, doc.offsets)
    a, b = doc.raw_span(doc.text.index("徐衣显"), doc.text.index("徐衣显") + 3)
    assert raw[a:b] == "徐\n衣显"


def test_no_cjk_character_is_lost(raw, doc):
    """Every CJK char of the raw text survives, except the second copies of doubled lines."""
    kept = set(doc.offsets)
    lost = [i for i, c in enumerate(raw) if unicodedata.category(c) == "Lo" and i not in kept]
    assert "".join(raw[i] for i in lost) == "年月日星期四"


def test_column_break_is_joined_and_headings_are_not(doc):
    paras = paragraphs(doc.text)
    joined = [p for p in paras if "为脱贫攻坚工作提供了资金保障" in p]
    assert joined and joined[0].startswith("领导高度重视")
    assert any(p.startswith("健全工作机制，督查有力。我市建立“抓乡") for p in paras)
    assert any("沁阳市紫陵镇范村第一书记孔亚平" in p for p in paras)
    assert any("就业一户不能少”工程，先后建起了" in p for p in paras)
    for heading in ("2016年脱贫攻坚大事记", "“三个有力”：吹响脱贫攻坚冲锋号",
                    "“三个精准”：确保脱贫攻坚决战决胜", "“五条路径”：脱贫攻坚结硕果"):
        assert heading in paras
    assert sum(p.startswith("•") for p in paras) == 9


def test_repair_small_cases():
    cases = {
        "县\n（市） 区结合实际": "县（市）区结合实际",
        "全市 33\n个市级领导": "全市33个市级领导",
        "Poverty   alleviation\nin   Henan": "Poverty alleviation in Henan",
        "ｇｄｐ增长１２％": "gdp增长12％",
        "责任编辑：王 芳  校对：李 明": "责任编辑：王芳 校对：李明",
        "本报记者 陈某某 通讯员 周 涛": "本报记者 陈某某 通讯员 周涛",
        "第\u200b一书记\r\n王某": "第一书记王某",
        "贫 困 户": "贫困户",
        "共 2 000 元": "共2 000元",
    }
    for raw, want in cases.items():
        text, offsets = repair(raw)
        assert text == want, raw
        assert_offsets(raw, text, offsets)


def _page(width: int, body: str) -> str:
    """Wrap ``body`` into lines of ``width`` characters, as a PDF extractor does."""
    return "\n".join(body[i:i + width] for i in range(0, len(body), width))


def test_column_break_in_another_paper():
    first = "初冬时节，记者走进赣南山区的一个小村庄，看到村民们正在新建的合作社里忙着分拣脐橙，脸上洋溢着笑容。村党支部书记介绍说，"
    second = "合作社去年带动全村一百二十户增收，户均增收三千多元。"
    raw = "乡村振兴看赣南\n\n" + _page(12, first) + "\n\n" + _page(12, second) + "\n"
    text, offsets = repair(raw)
    assert text == "乡村振兴看赣南\n" + first + second
    assert_offsets(raw, text, offsets)


def test_terminated_short_line_ends_paragraph_and_indent_starts_one():
    body = "全县建成扶贫车间四十二个，吸纳贫困群众就业两千余人，人均月收入超过两千元。"
    raw = _page(14, body) + "\n　　下一步，全县将继续扩大规模，提高质量。\n"
    text, _ = repair(raw)
    assert text.split("\n") == [body, "下一步，全县将继续扩大规模，提高质量。"]


def test_random_text_keeps_every_contract():
    alphabet = (list("扶贫攻坚村县市乡年月日摄 1234567890，。、：“”（）•●■│！？\n\n\n  \tABCxyz\u3000\r")
                + ["\r\n", "本报记者 ", "本报讯（记者 王某）", "20172017年年", "星期一星期一"])
    rng = random.Random(20170112)
    for _ in range(300):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        d = parse_text(raw)
        assert_offsets(raw, d.text, d.offsets)
        assert d.text == d.text.strip() and "\n\n" not in d.text
        end = 0
        for block in d.blocks:
            assert end <= block.start < block.end and "\n" not in d.text[block.start:block.end]
            end = block.end
        for s in d.sentences:
            block = d.blocks[s.block]
            assert block.start <= s.start < s.end <= block.end


def test_line_endings_do_not_matter(raw, doc):
    for variant in (raw.replace("\n", "\r\n"), raw.replace("\n", "\r"),
                    raw.replace("\n\n", "\n\f\n")):
        d = parse_text(variant)
        assert d.text == doc.text and d.blocks == doc.blocks
        assert_offsets(variant, d.text, d.offsets)


# --- blocks ---------------------------------------------------------------

def test_blocks_of_the_article(doc):
    kinds = Counter(b.kind for b in doc.blocks)
    assert kinds["masthead"] == 1 and kinds["byline"] == 1
    assert kinds["chronicle"] == 9
    assert kinds["caption"] == 7 and kinds["credit"] == 7
    assert kinds["dateline"] == 3 and kinds["headline"] == 4 and kinds["body"] >= 10
    for i, block in enumerate(doc.blocks):
        if block.kind == "caption":
            assert doc.blocks[i + 1].kind == "credit"
    assert block_texts(doc, "byline") == ["本报记者 杨仕智"]
    assert set(block_texts(doc, "credit")) == {"本报记者 刘金元 摄", "本报记者 赵耀东 摄"}
    assert block_texts(doc, "caption")[0].endswith("使该村500人脱贫致富。")
    assert block_texts(doc, "headline")[0] == "2016年脱贫攻坚大事记"


def test_blocks_are_ordered_disjoint_and_within_paragraphs(doc):
    previous_end = 0
    for block in doc.blocks:
        assert previous_end <= block.start < block.end
        chunk = doc.text[block.start:block.end]
        assert "\n" not in chunk and chunk == chunk.strip()
        previous_end = block.end


def test_blocks_of_another_paper():
    text = ("2019年3月5日 星期二\nA03\n责任编辑：王芳  美编：李强\n扶贫车间开进村\n"
            "本报讯（记者 陈明 通讯员 刘洋）3月4日，县里的扶贫车间开工。共带动200人就业。\n"
            "●3月1日，全县召开会议。\n记者手记\n工人在车间里忙碌 新华社记者 张伟 摄\n"
            "村民在地里劳动\n刘强 摄")
    got = [(b.kind, text[b.start:b.end]) for b in segment(text)]
    assert got == [
        ("dateline", "2019年3月5日 星期二"), ("dateline", "A03"),
        ("masthead", "责任编辑：王芳  美编：李强"), ("headline", "扶贫车间开进村"),
        ("byline", "本报讯（记者 陈明 通讯员 刘洋）"),
        ("body", "3月4日，县里的扶贫车间开工。共带动200人就业。"),
        ("chronicle", "●3月1日，全县召开会议。"), ("headline", "记者手记"),
        ("caption", "工人在车间里忙碌"), ("credit", "新华社记者 张伟 摄"),
        ("caption", "村民在地里劳动"), ("credit", "刘强 摄"),
    ]


def test_inline_bullets_are_items_of_their_own():
    text = "•2月1日，会议召开。•3月1日，再次召开。 ●4月1日，验收。"
    got = [(b.kind, text[b.start:b.end]) for b in segment(text)]
    assert got == [("chronicle", "•2月1日，会议召开。"), ("chronicle", "•3月1日，再次召开。"),
                   ("chronicle", "●4月1日，验收。")]
    sentences = split_sentences(text, segment(text))
    assert [text[s.start:s.end] for s in sentences][0] == "2月1日，会议召开。"   # bullet left out


@pytest.mark.parametrize("para, kind", [
    ("■新闻链接：何为精准扶贫", "headline"), ("■编辑：王某■校对：李某", "masthead"),
    ("咨询电话：12345，邮箱：fp@example.org。", "body"),
    ("第3版", "dateline"), ("2020-06-01", "dateline"), ("二〇二〇年六月一日 星期一", "dateline"),
    ("某某晚报 2018年5月2日", "dateline"), ("本报记者 陈明 实习生 刘洋", "byline"),
    ("村民在拍摄", "headline"), ("脱贫攻坚，我们在行动！", "headline"),
    ("记者来到村里。", "body"), ("这是一句很长的话但是没有句号结尾它描述了村里的变化和村民的生活越来越好的情况以及未来的打算", "body"),
])
def test_classify(para, kind):
    assert classify(para) == kind


# --- sentences --------------------------------------------------------------

def test_sentences_never_cross_blocks(doc):
    assert doc.sentences
    for s in doc.sentences:
        block = doc.blocks[s.block]
        assert block.start <= s.start < s.end <= block.end and s.kind == block.kind
        chunk = doc.text[s.start:s.end]
        assert chunk == chunk.strip() and "\n" not in chunk
    starts = [s.start for s in doc.sentences]
    assert starts == sorted(starts)


def test_sentences_of_the_article(doc):
    said = [doc.text[s.start:s.end] for s in doc.sentences]
    assert "市财政拿出3000万元专项资金，各县（市）区结合实际进行配套，为脱贫攻坚工作提供了资金保障。" in said
    assert "编辑：郭剑" in said and "2017年1月12日" in said
    assert "11月16日，市委书记王小平不设预案，不打招呼，到修武县、武陟县对脱贫攻坚工作进行暗访。" in said
    # ； does not split
    assert any(s.startswith("去年，各行业、各部门共筹集资金") and "；住建部门" in s for s in said)
    for kind in ("headline", "byline", "credit", "dateline"):
        per_block = Counter(s.block for s in doc.sentences if s.kind == kind)
        assert set(per_block.values()) == {1}


def test_sentences_keep_closing_quotes():
    text = "他说：“今年一定脱贫！”大家都笑了。最后一句没有句号"
    got = [text[s.start:s.end] for s in split_sentences(text, segment(text))]
    assert got == ["他说：“今年一定脱贫！”", "大家都笑了。", "最后一句没有句号"]


# --- date, paper, title -------------------------------------------------------

def test_publication_date_from_header(doc):
    assert doc.date == dt.date(2017, 1, 12)
    assert doc.publisher == "焦作日报"
    assert doc.title == "2016年脱贫攻坚大事记"


def test_publication_date_explicit_wins(raw):
    assert parse_text(raw, date="2018-02-03").date == dt.date(2018, 2, 3)
    assert parse_text(raw, date=dt.date(2018, 2, 3)).date == dt.date(2018, 2, 3)
    with pytest.raises(UsageError, match="E210"):
        parse_text(raw, date="yesterday")


def test_publication_date_from_file_name(tmp_path, raw):
    body = raw[raw.index("过去的一年"):]          # no header: only body dates remain
    path = tmp_path / "hnrb-2017-01-13-p05.txt"
    path.write_text(body, encoding="utf-8")
    assert read_document(path).date == dt.date(2017, 1, 13)
    path2 = tmp_path / "page_20200601.txt"
    path2.write_text(body, encoding="utf-8")
    assert read_document(path2).date == dt.date(2020, 6, 1)
    assert parse_text(body).date is None          # body dates are events, not the paper's


@pytest.mark.parametrize("s, want", [
    ("2017年1月12日", dt.date(2017, 1, 12)), ("2017.01.12", dt.date(2017, 1, 12)),
    ("2017/1/12", dt.date(2017, 1, 12)), ("二〇一七年一月十二日", dt.date(2017, 1, 12)),
    ("2017-13-01", None), ("三十号", None),
])
def test_parse_date(s, want):
    assert parse_date(s) == want


def test_publisher_and_title_of_another_paper():
    text = "某某晚报 2018年5月2日 星期三\n致富路上\n山村通了公交车\n本报记者 王某\n正文。"
    blocks = segment(text)
    assert find_publication_date(text, blocks) == dt.date(2018, 5, 2)
    assert find_publisher(text, blocks) == "某某晚报"
    assert find_title(text, blocks) == "山村通了公交车"
    assert find_title("正文。", segment("正文。")) == ""


# --- speed --------------------------------------------------------------------

def test_a_page_is_fast(raw):
    page = raw[:5000]
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        parse_text(page)
        best = min(best, time.perf_counter() - t)
    assert best < 0.1
