"""Plain data objects that flow through the pipeline, one stage to the next.

raw file -> :class:`Document` (repaired text, offset map, blocks, sentences)
-> :class:`Mention` (typed spans) -> facts (:class:`Official`, :class:`VillageFact`,
:class:`Assignment`, :class:`Fund`, :class:`Measure`, :class:`Event`), each with
an :class:`Evidence` -> RDF.

Offsets: ``start``/``end`` of spans are positions in ``Document.text`` (the
repaired text).  ``Document.raw_span`` maps them back to the raw decoded file,
so that ``doc.raw[a:b]`` is the text as it stood in the file.

>>> doc = Document(source="x.txt", raw="李\\n明华", text="李明华", offsets=[0, 2, 3, 4])
>>> doc.raw_span(0, 3)
(0, 4)
>>> doc.raw[0:4]
'李\\n明华'
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

__all__ = [
    "Block", "Sentence", "Document", "Mention", "Evidence", "Official", "VillageFact",
    "Assignment", "Fund", "Measure", "Event", "Facts", "BLOCK_KINDS",
]

#: The kinds of block a page is segmented into.
BLOCK_KINDS = (
    "masthead",    # ■编辑：… │版式：… : staff roles, hotlines
    "dateline",    # the (often doubled) date / weekday / page-number header lines
    "headline",    # titles and section heads
    "byline",      # 本报记者 某某 (the writers of the article)
    "chronicle",   # • bullet items of a sidebar (大事记)
    "body",        # running text
    "caption",     # a photo caption
    "credit",      # 本报记者 某某 摄 (a photo credit)
)


@dataclass(frozen=True)
class Block:
    """A typed region of the repaired text: ``text[start:end]``."""
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence of the repaired text, ``text[start:end]``, inside block ``block``."""
    start: int
    end: int
    block: int          # index into Document.blocks
    kind: str           # the block's kind, repeated for convenience


@dataclass
class Document:
    """An article: raw text, repaired text, and the map between them.

    ``offsets[i]`` is the index in ``raw`` of the character ``text[i]`` came
    from; it has ``len(text) + 1`` entries, the last one is ``len(raw)`` (or the
    raw end of the last character), so that spans map with
    ``raw_span(start, end)``.
    """
    source: str                      # the path or name the user gave
    raw: str                         # the decoded file, untouched
    text: str                        # repaired text
    offsets: list[int]               # len(text)+1, monotone non-decreasing
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    date: _dt.date | None = None     # publication date
    encoding: str = "utf-8"
    title: str = ""                  # the main headline, if found
    publisher: str = ""              # the paper's name, if found
    format: str = "text"             # what the file was: "text", "pdf" or "html"
    pages: list[int] = field(default_factory=list)   # raw offset where each page starts (PDF)
    original: str = ""               # Traditional text: ``text`` before conversion, same length

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` to the span of ``raw`` it came from."""
        if end <= start:
            a = self.offsets[start]
            return a, a
        return self.offsets[start], self.offsets[end - 1] + 1

    def page_at(self, raw_pos: int) -> int | None:
        """The page (1, 2 …) that raw offset ``raw_pos`` is on; None without pages.

        >>> Document("a.pdf", "p1\\np2", "p1\\np2", [0, 1, 2, 3, 4, 5], pages=[0, 3]).page_at(4)
        2
        """
        if not self.pages:
            return None
        import bisect

        return max(1, bisect.bisect_right(self.pages, raw_pos))

    def original_of(self, label: str) -> str:
        """``label`` (a span of ``text``) as the article wrote it before the
        Traditional-to-Simplified conversion; ``label`` itself if there was none.

        >>> Document("a.txt", "趙小東說", "赵小东说", [0, 1, 2, 3, 4], original="趙小東說").original_of("赵小东")
        '趙小東'
        """
        if not self.original or not label:
            return label
        at = self.text.find(label)
        if at >= 0:
            return self.original[at:at + len(label)]
        # A label made of pieces: each character as the article wrote it.
        seen = {}
        for a, b in zip(self.text, self.original):
            seen.setdefault(a, b)
        return "".join(seen.get(c, c) for c in label)

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence that contains position ``pos`` of ``text``."""
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return None


@dataclass(frozen=True)
class Mention:
    """A typed span of the repaired text.

    ``label`` is one of PERSON, POST, ORG, PLACE, VILLAGE, TEAM, MONEY, DATE,
    MEASURE; ``value`` holds a normalised value where there is one (yuan as a
    decimal string, an ISO date, a place's level).
    """
    label: str
    start: int
    end: int
    text: str
    value: str = ""


@dataclass(frozen=True)
class Evidence:
    """Where a fact is said: a span of the repaired text (the sentence, or the
    part of it that says the fact).  The raw span follows from the Document."""
    start: int
    end: int


@dataclass
class Official:
    """A person named in the article with one public post.

    ``post`` is the title as stated without a proper place name (县委书记),
    ``full_title`` as written (封丘县委书记), ``organization`` the body of the
    post where the text says it (县委), else empty; ``place`` the proper place
    the title names (封丘县), if any.
    """
    name: str
    post: str
    organization: str
    evidence: Evidence
    full_title: str = ""
    place: str = ""


@dataclass
class VillageFact:
    """A village named in the article, with its township and county-level area
    (from the text, else from the gazetteer: ``source`` says which)."""
    village: str
    township: str
    county: str
    evidence: Evidence
    city: str = ""
    province: str = ""
    source: str = "text"             # "text" | "gazetteer"
    code: str = ""                   # division code of the county, when known


@dataclass
class Assignment:
    """A person or team sent to a village by a unit."""
    assignee: str                    # a person's name, or the team's label
    village: str
    dispatching_unit: str
    evidence: Evidence
    role: str = ""                   # 第一书记, 帮扶工作队, 驻村工作队 …
    assignee_is_team: bool = False


@dataclass
class Fund:
    """A sum of money put in, raised, lent, granted or paid out."""
    amount_yuan: str                 # plain decimal string, e.g. "30000000"
    purpose: str
    provider: str
    recipient: str
    evidence: Evidence
    amount_text: str = ""            # as written: 3000 万元
    flow: str = ""                   # the verb: 投入, 筹集, 下拨, 发放 …


@dataclass
class Measure:
    """A named measure, mechanism, method, campaign or policy document."""
    name: str                        # without quote marks
    adopter: str
    evidence: Evidence
    is_document: bool = False        # a 《…》 title


@dataclass
class Event:
    """Something that happened on a day; one agent list and one place list."""
    date: _dt.date
    label: str
    agents: list[str]
    places: list[str]
    evidence: Evidence


@dataclass
class Facts:
    """Everything extracted from one document."""
    officials: list[Official] = field(default_factory=list)
    villages: list[VillageFact] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    funds: list[Fund] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
