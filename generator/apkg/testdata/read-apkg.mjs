// read-apkg.mjs DIR PACKAGE: reads PACKAGE with the npm package anki-reader
// installed under DIR (DIR/node_modules/anki-reader) and prints what it
// sees as JSON, for interop_test.go. It uses only anki-reader's public API,
// plus its raw database handle for the GUIDs, which its API does not expose.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, pkg] = process.argv.slice(2);
const entry = createRequire(join(dir, 'package.json')).resolve('anki-reader');
const { readAnkiPackage } = await import(pathToFileURL(entry).href);

const { collection, media } = await readAnkiPackage(new Blob([readFileSync(pkg)]));
const out = { version: collection.getVersion(), models: {}, decks: [], media: Object.keys(media), notes: [] };
for (const [id, m] of Object.entries(collection.getModels())) {
  out.models[id] = {
    name: m.getName(),
    type: m.getType(),
    fields: m.getFields().map((f) => f.name),
    templates: m.getTemplates().map((t) => t.name),
  };
}
for (const [id, deck] of Object.entries(collection.getDecks())) {
  const cards = [];
  for (const [cid, card] of Object.entries(deck.getCards())) {
    cards.push({
      id: cid,
      noteId: card.getNoteId(),
      ord: card.getRawCard().ord,
      model: card.getModel().getName(),
      fields: card.getFields(),
      questions: card.getQuestions().map((q) => ({ q: q.getQuestionString(), a: q.getAnswerString() })),
    });
  }
  out.decks.push({ id, name: deck.getName(), cards });
}
const rows = collection.getRawCollection().exec('SELECT id, guid, mid FROM notes');
for (const [id, guid, mid] of rows[0]?.values ?? []) {
  out.notes.push({ id: String(id), guid, mid: String(mid) });
}
process.stdout.write(JSON.stringify(out));
