"""genanki peer for benchpeers.

python peer.py write notes.json out.apkg   one Basic note per entry
python peer.py count file.apkg             print how many notes a package holds
"""
import json
import sqlite3
import sys
import tempfile
import zipfile


def write(notes_file, out):
    import genanki

    model = genanki.Model(
        1542906796044,
        "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
    )
    deck = genanki.Deck(1347617346765, "benchpeers")
    with open(notes_file, encoding="utf-8") as f:
        for n in json.load(f):
            deck.add_note(genanki.Note(model=model, fields=[n["front"], n["back"]], tags=n["tags"], guid=n["guid"]))
    genanki.Package(deck).write_to_file(out, timestamp=1704067200)


def count(apkg):
    with zipfile.ZipFile(apkg) as z, tempfile.NamedTemporaryFile(suffix=".anki2") as tmp:
        tmp.write(z.read("collection.anki2"))
        tmp.flush()
        con = sqlite3.connect(tmp.name)
        print(con.execute("select count(*) from notes").fetchone()[0])
        con.close()


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3])
    else:
        count(sys.argv[2])
