"""Derive the package's gazetteer files from public administrative-division data.

Source: the five-level division list ``dictionary/china_location.zip`` shipped
in the jionlp wheel (Apache-2.0), itself compiled from the National Bureau of
Statistics' 统计用区划代码和城乡划分代码.  Only the data is used; jionlp's
code is not imported (it would pull in a GPL dependency).

Usage (run once, by hand; the outputs are committed)::

    pip download --no-deps jionlp==1.5.31 -d /tmp/jio
    python scripts/build_gazetteer.py /tmp/jio/jionlp-1.5.31-py2.py3-none-any.whl

Writes ``kg/data/divisions.tsv.gz`` (province, prefecture, county, township:
``level<TAB>name<TAB>code<TAB>alias``, in tree order) and
``kg/data/villages.tsv.gz`` (``county-code<TAB>township<TAB>village``).
"""
import gzip
import io
import sys
import zipfile
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
    for name, rows in (("divisions.tsv.gz", divisions), ("villages.tsv.gz", villages)):
        # mtime=0 keeps the files byte-identical from one run to the next
        with gzip.GzipFile(OUT / name, "wb", compresslevel=9, mtime=0) as f:
            f.write(("\n".join(rows) + "\n").encode("utf-8"))
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1])
