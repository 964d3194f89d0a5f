"""genanki_peer.py PACKAGE.apkg OUT.apkg: the genanki side of the peer
benchmark in docs/benchmarks.md. It reads the notes of a package quizdeck
wrote (GUIDs, fields, tags, the quizdeck Fact note type and the deck) and
writes the same notes with genanki, the most used Python package generator,
so both tools write identical content. Prints the seconds spent reading and
writing to stderr; time the whole process from outside.

    python -m venv venv && venv/bin/pip install genanki==0.13.1
    /usr/bin/time -v venv/bin/python docs/genanki_peer.py deck.apkg genanki.apkg
"""

import json
import os
import sqlite3
import sys
import tempfile
import time
import zipfile

import genanki

FACT_TYPE_ID = 1384720616


def read_package(path):
    with tempfile.TemporaryDirectory() as d, zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", d)
        db = sqlite3.connect(os.path.join(d, "collection.anki2"))
        models, decks = db.execute("select models, decks from col").fetchone()
        notes = db.execute(
            "select guid, flds, tags from notes where mid = ? order by id", (FACT_TYPE_ID,)
        ).fetchall()
        db.close()
    m = json.loads(models)[str(FACT_TYPE_ID)]
    deck = max(json.loads(decks).values(), key=lambda d: len(d["name"]))
    return m, deck, notes


def main():
    src, dst = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    m, deck, rows = read_package(src)
    t1 = time.perf_counter()
    model = genanki.Model(
        m["id"],
        m["name"],
        fields=[{"name": f["name"]} for f in m["flds"]],
        templates=[{"name": t["name"], "qfmt": t["qfmt"], "afmt": t["afmt"]} for t in m["tmpls"]],
        css=m["css"],
    )
    d = genanki.Deck(deck["id"], deck["name"])
    for guid, flds, tags in rows:
        d.add_note(genanki.Note(model=model, fields=flds.split("\x1f"), guid=guid, tags=tags.split()))
    # A fixed timestamp (genanki defaults to the clock); it seeds note and
    # card ids, so it must not be 0.
    genanki.Package(d).write_to_file(dst, timestamp=1735689600)
    t2 = time.perf_counter()
    cards = sum(len(n.cards) for n in d.notes)
    print(
        f"genanki {genanki.__version__ if hasattr(genanki, '__version__') else ''}: "
        f"{len(rows)} notes, {cards} cards; read {t1 - t0:.2f} s, write {t2 - t1:.2f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
