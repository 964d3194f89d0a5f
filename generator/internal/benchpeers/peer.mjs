// genanki-js peer for benchpeers: node peer.mjs NODE_MODULES notes.json out.apkg
//
// genanki-js targets browsers: its dist file imports file-saver by name and
// saves through a Blob. This loads a copy with that import removed and does
// what Package.writeToFile does (write, export, zip), writing the zip to a
// file instead of a download.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, notesFile, out] = process.argv.slice(2);
const src = readFileSync(join(modules, "genanki-js/dist/genanki.js"), "utf8")
  .replace('import { saveAs } from "file-saver";', "");
const patched = join(modules, "genanki-js/dist/genanki-node.mjs");
writeFileSync(patched, src);
const { Model, Deck, Package, APKG_SCHEMA } = await import(pathToFileURL(patched));
const initSqlJs = (await import(pathToFileURL(join(modules, "sql.js/dist/sql-wasm.js")))).default;
const JSZip = (await import(pathToFileURL(join(modules, "jszip/lib/index.js")))).default;

const SQL = await initSqlJs();
const notes = JSON.parse(readFileSync(notesFile, "utf8"));
const model = new Model({
  name: "Basic", id: "1542906796044",
  flds: [{ name: "Front" }, { name: "Back" }],
  req: [[0, "all", [0]]],
  tmpls: [{ name: "Card 1", qfmt: "{{Front}}", afmt: "{{FrontSide}}<hr id=answer>{{Back}}" }],
});
const deck = new Deck(1347617346765, "benchpeers");
for (const n of notes) deck.addNote(model.note([n.front, n.back], n.tags, n.guid));
const pkg = new Package();
pkg.addDeck(deck);
const db = new SQL.Database();
db.run(APKG_SCHEMA);
pkg.write(db);
const zip = new JSZip();
zip.file("collection.anki2", db.export());
zip.file("media", "{}");
writeFileSync(out, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
