// Parses a GIFT file with gift-pegjs (installed under the folder given as
// the first argument) and prints the questions as JSON.
const path = require('path');
const fs = require('fs');
const gift = require(path.join(path.resolve(process.argv[2]), 'node_modules', 'gift-pegjs'));
const text = fs.readFileSync(process.argv[3], 'utf8');
process.stdout.write(JSON.stringify(gift.parse(text)));
