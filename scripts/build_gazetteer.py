"""Derive the package's gazetteer files from public administrative-division data.

Source: the five-level division list ``dictionary/china_location.zip`` shipped
in the jionlp wheel (Apache-2.0), itself compiled from the National Bureau of
Statistics' 统计用区划代码和城乡划分代码.  Only the data is used; jionlp's
code is not imported (it would pull in a GPL dependency).

Usage (run once, by hand; the outputs are committed)::

    pip download --no-deps jionlp==1.5.31 -d /tmp/jio
    python scripts/build_gazetteer.py /tmp/jio/jionlp-1.5.31-py2.py3-none-any.whl

Writes

* ``kg/data/divisions.tsv.gz``: province, prefecture, county, township,
  ``level<TAB>name<TAB>code<TAB>alias``, in tree order (a county's townships
  on the lines right after it);
* ``kg/data/villages.tsv.gz``: ``county-code<TAB>township<TAB>village``, one
  gzip member per county (the members read in a row are the whole file, as
  any gzip reader reads it), so that one county can be read on its own;
* ``kg/data/villages.index.tsv``: ``county-code<TAB>offset<TAB>length`` of each
  member, in file order.

Every file is byte-identical from one run to the next.
"""
import gzip
import io
import sys
import zipfile
from itertools import groupby
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kg" / "data"


def main(wheel):
    with zipfile.ZipFile(wheel) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read("jionlp/dictionary/china_location.zip")))
        text = inner.read("china_location.txt").decode("utf-8")
    divisions, villages = [], []
    county_code, county, township = "", "", ""
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if not fields[0]:
            continue
        if depth <= 2:  # province, prefecture, county: name, code, alias
            name, code, alias = (fields + ["", ""])[:3]
            level = "PCX"[depth]
            divisions.append(f"{level}\t{name}\t{code}\t{alias}")
            if depth == 2:
                county_code, county = code, name
        elif depth == 3:
            # some township names carry their county's name as a prefix
            # (博爱县孝敬镇): newspapers write the bare township
            township = fields[0]
            if township.startswith(county) and len(township) > len(county) + 1:
                township = township[len(county):]
            divisions.append(f"T\t{township}\t\t")
        else:
            villages.append(f"{county_code}\t{township}\t{fields[0]}")
    OUT.mkdir(parents=True, exist_ok=True)
    # kg.extract.gazetteer reads a county's townships from the lines after it
    assert all(row[0] != "T" or prev[0] in "XT" for prev, row in zip(divisions, divisions[1:]))
    (OUT / "divisions.tsv.gz").write_bytes(_gzip("divisions.tsv.gz", divisions))
    print(f"divisions.tsv.gz: {len(divisions)} rows")
    members, index, offset = [], [], 0
    for code, rows in groupby(villages, key=lambda row: row.split("\t", 1)[0]):
        member = _gzip("villages.tsv.gz", list(rows))
        members.append(member)
        index.append(f"{code}\t{offset}\t{len(member)}")
        offset += len(member)
    (OUT / "villages.tsv.gz").write_bytes(b"".join(members))
    (OUT / "villages.index.tsv").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"villages.tsv.gz: {len(villages)} rows in {len(members)} members")


def _gzip(name: str, rows: list[str]) -> bytes:
    """One gzip member of the lines ``rows``, for the file ``name`` (its
    header names it); mtime=0 keeps the bytes the same from one run to the next."""
    buf = io.BytesIO()
    with gzip.GzipFile(name, mode="wb", compresslevel=9, fileobj=buf, mtime=0) as f:
        f.write(("\n".join(rows) + "\n").encode("utf-8"))
    return buf.getvalue()


if __name__ == "__main__":
    main(sys.argv[1])
