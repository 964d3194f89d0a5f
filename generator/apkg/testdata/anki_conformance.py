"""anki_conformance.py STEPS.json: runs steps against one fresh Anki collection
with Anki's own Python library (the `anki` package from PyPI, which carries the
Rust backend the desktop app runs) and prints one JSON result per step, as a
JSON list, for ankiconformance_test.go. It reports what Anki does and stores;
the Go test decides what is right.

Steps (objects with "op"):
  import_apkg   path, update ("if_newer" default, "always", "never")
  import_csv    path: the file's own headers, no manual mapping
  csv_metadata  path: what the import dialog would be pre-filled with
  check         Anki's "Check Database" (fix_integrity)
  state         every note (GUID, note type, fields, tags, mod) with its cards
                (ord, deck, queue, reps, rendered question and answer), note
                types, decks, revlog size
  review        answer the first `count` cards of deck `deck` "Good"
  change_notetype  Notes > Change Note Type in the browser: every note of
                type `from` becomes type `to`, fields mapped by name (the
                dialog's default)
  rename_deck   the student renames deck `from` to `to`
  delete        the student deletes the notes that the search `query` finds
  edit          the student edits field `field` of the note with GUID `guid`
  study_day     bury siblings on or off (`bury`), answer every card of deck
                `deck` the day offers "Easy", and list them in order
"""

import json
import os
import shutil
import sys
import tempfile

from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportCsvRequest,
)
from anki import import_export_pb2 as ie
from anki.scheduler.v3 import CardAnswer

UPDATE = {
    "if_newer": ie.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    "always": ie.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS,
    "never": ie.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_NEVER,
}
LOG_KINDS = [
    "new",
    "updated",
    "duplicate",
    "conflicting",
    "first_field_match",
    "missing_notetype",
    "missing_deck",
    "empty_first_field",
]


def guids_of(col, entries):
    out = []
    for e in entries:
        if not e.HasField("id"):
            out.append("")
            continue
        try:
            out.append(col.get_note(e.id.nid).guid)
        except Exception:  # a note the import did not keep
            out.append("")
    return sorted(out)


def log_json(col, log):
    """Each log category as the GUIDs of its notes (a text import's entries
    for notes it did not change carry no note id: "" each)."""
    res = {k: guids_of(col, getattr(log, k)) for k in LOG_KINDS}
    res["found_notes"] = log.found_notes
    return res


def select(col, name):
    """Studies the deck called name, as a student clicking it would."""
    did = col.decks.id_for_name(name)
    if did is None:
        raise ValueError("no deck " + name)
    col.decks.select(did)


def state(col):
    # The Python layer caches note types; read them fresh from the backend.
    col.models._clear_cache()
    notes = []
    for nid in sorted(col.find_notes("")):
        n = col.get_note(nid)
        nt = n.note_type()
        cards = []
        for c in sorted(n.cards(), key=lambda c: c.ord):
            cards.append(
                {
                    "id": c.id,
                    "ord": c.ord,
                    "deck": col.decks.name(c.did),
                    "queue": c.queue,
                    "type": c.type,
                    "reps": c.reps,
                    "question": c.question(),
                    "answer": c.answer(),
                }
            )
        notes.append(
            {
                "guid": n.guid,
                "notetype": nt["name"],
                "notetype_id": nt["id"],
                "fields": dict(n.items()),
                "tags": n.tags,
                "mod": n.mod,
                "cards": cards,
            }
        )
    notetypes = []
    for m in col.models.all():
        notetypes.append(
            {
                "id": m["id"],
                "name": m["name"],
                "fields": [f["name"] for f in m["flds"]],
                "templates": [t["name"] for t in m["tmpls"]],
                "qfmts": [t["qfmt"] for t in m["tmpls"]],
                "css": m["css"],
                "mod": m["mod"],
            }
        )
    decks = sorted(d.name for d in col.decks.all_names_and_ids())
    return {
        "notes": notes,
        "notetypes": notetypes,
        "decks": decks,
        "revlog": col.db.scalar("select count() from revlog"),
    }


def deck_of(col, md):
    which = md.WhichOneof("deck")
    if which == "deck_id":
        return col.decks.name(md.deck_id)
    if which == "deck_name":
        return md.deck_name + " (new)"
    return which or ""


def answer(col, card, rating):
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))


def run(col, step):
    op = step["op"]
    if op == "import_apkg":
        opts = ImportAnkiPackageOptions(
            update_notes=UPDATE[step.get("update", "if_newer")],
            update_notetypes=UPDATE[step.get("update", "if_newer")],
        )
        r = col.import_anki_package(ImportAnkiPackageRequest(package_path=step["path"], options=opts))
        return log_json(col, r.log)
    if op in ("import_csv", "csv_metadata"):
        md = col.get_csv_metadata(step["path"], None)
        nt_id = md.global_notetype.id if md.HasField("global_notetype") else 0
        meta = {
            "notetype_id": nt_id,
            "notetype": col.models.get(nt_id)["name"] if nt_id and col.models.get(nt_id) else "",
            "field_columns": list(md.global_notetype.field_columns) if nt_id else [],
            "deck": deck_of(col, md),
            "guid_column": md.guid_column,
            "tags_column": md.tags_column,
            "is_html": md.is_html,
            "dupe_resolution": md.dupe_resolution,
            "columns": list(md.column_labels),
        }
        if op == "csv_metadata":
            return meta
        r = col.import_csv(ImportCsvRequest(path=step["path"], metadata=md))
        return {"metadata": meta, "log": log_json(col, r.log)}
    if op == "check":
        problems = list(col._backend.check_database())
        return {"problems": problems}
    if op == "state":
        return state(col)
    if op == "review":
        select(col, step["deck"])
        done = []
        for _ in range(step["count"]):
            c = col.sched.getCard()
            if c is None:
                break
            answer(col, c, CardAnswer.GOOD)
            done.append(c.id)
        return {"answered": done, "revlog": col.db.scalar("select count() from revlog")}
    if op == "change_notetype":
        old, new = col.models.by_name(step["from"]), col.models.by_name(step["to"])
        info = col.models.change_notetype_info(old_notetype_id=old["id"], new_notetype_id=new["id"])
        req = info.input
        nids = col.models.nids(old["id"])
        req.note_ids.extend(nids)
        col.models.change_notetype_of_notes(req)
        return {"changed": len(nids), "new_fields": list(req.new_fields)}
    if op == "rename_deck":
        did = col.decks.id_for_name(step["from"])
        col.decks.rename(did, step["to"])
        return {"renamed": did}
    if op == "delete":
        nids = col.find_notes(step["query"])
        col.remove_notes(nids)
        return {"deleted": len(nids)}
    if op == "edit":
        nid = [i for i in col.find_notes("") if col.get_note(i).guid == step["guid"]][0]
        n = col.get_note(nid)
        n[step["field"]] = step["value"]
        col.update_note(n)
        return {"mod": col.get_note(nid).mod}
    if op == "study_day":
        for conf in col.decks.all_config():
            conf["new"]["bury"] = step["bury"]
            conf["rev"]["bury"] = step["bury"]
            conf["buryInterdayLearning"] = step["bury"]
            conf["new"]["perDay"] = 9999
            conf["rev"]["perDay"] = 9999
            col.decks.update_config(conf)
        select(col, step["deck"])
        shown = []
        while True:
            c = col.sched.getCard()
            if c is None:
                break
            shown.append({"guid": c.note().guid, "ord": c.ord})
            answer(col, c, CardAnswer.EASY)
            if len(shown) > 100000:
                raise RuntimeError("the day never ends")
        return {"shown": shown}
    raise ValueError("unknown op " + op)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        steps = json.load(f)
    d = tempfile.mkdtemp(prefix="quizdeck-anki-")
    col = Collection(os.path.join(d, "collection.anki2"))
    out = []
    try:
        for step in steps:
            out.append(run(col, step))
    finally:
        col.close()
        shutil.rmtree(d, ignore_errors=True)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
