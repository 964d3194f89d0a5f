// browser.cjs drives the self-test page in headless Chromium, by keyboard
// only, and checks what a student would see. TestBrowser runs it:
//
//   node browser.cjs PAGE.html HOSTILE.html REBUILT.html OUTDIR
//
// REBUILT.html is PAGE rebuilt with another seed: the same question ids,
// their options in another order.
//
// QUIZDECK_PLAYWRIGHT_DIR names a folder whose node_modules holds
// playwright-core and axe-core; QUIZDECK_CHROMIUM the browser (default
// /usr/bin/chromium). It writes screenshots to OUTDIR, prints a JSON report
// on stdout and exits 1 with the reason on the first failed check.
"use strict";
const fs = require("fs");
const path = require("path");

const [pagePath, hostilePath, rebuiltPath, outDir] = process.argv.slice(2);
const modules = path.join(process.env.QUIZDECK_PLAYWRIGHT_DIR || "", "node_modules");
const { chromium } = require(path.join(modules, "playwright-core"));
const axeSource = fs.readFileSync(path.join(modules, "axe-core", "axe.min.js"), "utf8");

const report = { checks: 0, axe: {}, screenshots: [], requests: 0 };
function check(ok, what) {
  if (!ok) {
    throw new Error("check failed: " + what);
  }
  report.checks++;
}
function eq(got, want, what) {
  check(JSON.stringify(got) === JSON.stringify(want), what + ": got " + JSON.stringify(got) + ", want " + JSON.stringify(want));
}

const url = (p) => "file://" + path.resolve(p);

async function newPage(browser, viewport, scale) {
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: scale || 1 });
  const page = await ctx.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  page.dialogs = 0; // dialogs the test expects, and accepts
  page.on("dialog", (d) => {
    if (page.dialogs > 0) { page.dialogs--; d.accept(); return; }
    page.errors.push("dialog: " + d.message());
    d.dismiss();
  });
  page.on("request", (r) => {
    report.requests++;
    if (!r.url().startsWith("file://")) page.errors.push("request to " + r.url());
  });
  return { ctx, page };
}

async function axe(page, state) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document));
  report.axe[state] = { violations: res.violations.length, passes: res.passes.length,
    incomplete: res.incomplete.map((v) => v.id + " (" + v.nodes.length + ")") };
  check(res.violations.length === 0, "axe in state " + state + ": " + JSON.stringify(res.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) })), null, 1));
}

async function shot(page, name, opts) {
  const file = path.join(outDir, name + ".png");
  await page.screenshot(Object.assign({ path: file }, opts || {}));
  report.screenshots.push(file);
}

// focused describes document.activeElement.
function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    const cs = getComputedStyle(a);
    const choices = Array.from(document.querySelectorAll("#q-choices button"));
    return { id: a.id, tag: a.tagName, text: a.textContent.trim(), name: a.name || "", value: a.value || "",
      choice: choices.indexOf(a), outline: cs.outlineStyle + " " + cs.outlineWidth };
  });
}

// tabTo presses Tab until the focused element matches want.
async function tabTo(page, want, what) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (want(f)) {
      // Keyboard focus must be visible (WCAG 2.4.7): an outline of 2px or more.
      check(f.outline.startsWith("solid") && parseFloat(f.outline.split(" ")[1]) >= 2, "visible focus on " + what + " (" + f.outline + ")");
      return f;
    }
  }
  throw new Error("Tab never reached " + what);
}
const byID = (id) => (f) => f.id === id;

const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());
const visible = (page, sel) => page.$eval(sel, (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length));

// answerChoice answers the current question by keyboard: option k.
async function answerChoice(page, q, k) {
  await tabTo(page, (f) => f.choice === k, "option " + k);
  await page.keyboard.press("Enter");
  eq((await focused(page)).id, "feedback", "focus moves to the feedback");
  const right = k === q.answer;
  check((await text(page, "#verdict")).startsWith(right ? "Right" : "Not right"), "verdict for option " + k);
  eq(await text(page, "#fb-answer"), q.choices[q.answer], "feedback answer");
  eq(await text(page, "#fb-excerpt"), q.excerpt, "feedback excerpt");
  if (q.footnote) check((await text(page, "#fb-cite")).endsWith("note\u00a0" + q.footnote), "feedback footnote");
  const tags = await page.$$eval("#q-choices .tag", (ts) => ts.map((t) => t.textContent));
  eq(tags.length, right ? 1 : 2, "right/your-answer marks in words, not colour alone");
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.QUIZDECK_CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    await run(browser);
    await hostile(browser);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report, null, 1) + "\n");
}

async function run(browser) {
  const { page } = await newPage(browser, { width: 1280, height: 900 });
  await page.goto(url(pagePath));
  const data = JSON.parse(await text(page, "#quizdeck-data"));
  const qs = data.questions;
  check(qs.length >= 6, "the page has at least 6 questions");
  const deck = qs[0].deck;
  check(/^[a-z]{2}/.test(await page.getAttribute("html", "lang")), "lang is set");
  check((await page.title()).includes(data.title), "title names the deck");
  eq(await visible(page, "#start"), true, "start screen shows");
  eq(await text(page, "#progress"), "No progress saved on this device yet.", "fresh progress");
  await axe(page, "start");
  await shot(page, "desktop-start");

  // Round 1, multiple choice by keyboard: right, wrong, right, wrong, right; then stop.
  await tabTo(page, byID("go"), "Start");
  await page.keyboard.press("Enter");
  eq((await focused(page)).id, "q-h", "focus on the question heading");
  eq(await text(page, "#q-h"), "Question 1 of " + qs.length, "question heading");
  const wrongOf = (q) => (q.answer + 1) % q.choices.length;
  for (let i = 0; i < 5; i++) {
    const q = qs[i];
    eq(await text(page, "#q-prompt"), q.prompt, "prompt " + i);
    await answerChoice(page, q, i % 2 === 1 ? wrongOf(q) : q.answer);
    if (i === 1) {
      await axe(page, "feedback");
      await shot(page, "desktop-feedback");
    }
    if (i < 4) {
      await tabTo(page, byID("next"), "Next question");
      await page.keyboard.press("Enter");
    }
  }
  await tabTo(page, byID("stop"), "Stop and see my score");
  await page.keyboard.press("Enter");
  eq((await focused(page)).id, "r-h", "focus on the score heading");
  eq(await text(page, "#score"), "3 of 5 right (60%)", "round 1 score");
  const missed = await page.$$eval("#missed li", (ls) => ls.map((l) => l.textContent));
  eq(missed.length, 2, "two missed");
  check(missed[0].startsWith(qs[1].prompt) && missed[1].startsWith(qs[3].prompt), "missed are questions 2 and 4");
  await axe(page, "result");

  // The repeat round holds exactly the missed questions: one right, one wrong.
  await tabTo(page, byID("repeat"), "Repeat the ones I missed");
  eq(await text(page, "#repeat"), "Repeat the 2 I missed", "repeat label");
  await page.keyboard.press("Enter");
  eq(await text(page, "#q-h"), "Question 1 of 2", "repeat round size");
  eq(await text(page, "#q-prompt"), qs[1].prompt, "repeat 1 is question 2");
  await answerChoice(page, qs[1], qs[1].answer);
  await tabTo(page, byID("next"), "Next question");
  await page.keyboard.press("Enter");
  eq(await text(page, "#q-prompt"), qs[3].prompt, "repeat 2 is question 4");
  await answerChoice(page, qs[3], wrongOf(qs[3]));
  await tabTo(page, byID("next"), "See my score");
  await page.keyboard.press("Enter");
  eq(await text(page, "#score"), "1 of 2 right (50%)", "repeat score");
  eq(await text(page, "#repeat"), "Repeat the one I missed", "repeat label, one left");

  // Reload: progress is kept per deck, keyed by question id.
  await page.reload();
  const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), data.storage + deck));
  eq(Object.keys(stored).sort(), qs.slice(0, 5).map((q) => q.id).sort(), "stored question ids");
  eq(stored[qs[1].id], { right: 1, wrong: 1, last: "right" }, "question 2's record");
  eq(stored[qs[3].id], { right: 0, wrong: 2, last: "wrong" }, "question 4's record");
  eq(await text(page, "#progress"), "Saved on this device: 4 answered right last time, 1 answered wrong last time, " + (qs.length - 5) + " not tried yet.", "progress after reload");
  eq(await text(page, "#due-count"), String(qs.length - 4), "due count after reload");

  // Flashcards over the questions not yet right, chosen by keyboard: arrow keys move within a radio group.
  await tabTo(page, (f) => f.name === "mode", "mode choice");
  await page.keyboard.press("ArrowDown");
  eq((await focused(page)).value, "cards", "flashcard mode selected");
  await tabTo(page, (f) => f.name === "set", "question set");
  await page.keyboard.press("ArrowDown");
  eq((await focused(page)).value, "due", "due set selected");
  await tabTo(page, byID("go"), "Start");
  await page.keyboard.press("Enter");
  eq(await text(page, "#q-h"), "Question 1 of " + (qs.length - 4), "due round size");
  eq(await text(page, "#q-prompt"), qs[3].prompt, "first due card is question 4");
  eq(await visible(page, "#q-choices"), false, "flashcards hide the options");
  await tabTo(page, byID("reveal"), "Show the answer");
  await page.keyboard.press("Enter");
  eq(await text(page, "#fb-answer"), qs[3].choices[qs[3].answer], "card answer");
  eq(await text(page, "#fb-excerpt"), qs[3].excerpt, "card excerpt");
  await axe(page, "flashcard");
  await shot(page, "desktop-flashcard");
  await tabTo(page, byID("mark-right"), "I knew it");
  await page.keyboard.press("Enter");
  eq(await text(page, "#q-prompt"), qs[5].prompt, "second due card is question 6");
  await tabTo(page, byID("reveal"), "Show the answer");
  await page.keyboard.press("Enter");
  await tabTo(page, byID("mark-wrong"), "I did not know it");
  await page.keyboard.press("Enter");
  await tabTo(page, byID("stop"), "Stop and see my score");
  await page.keyboard.press("Enter");
  eq(await text(page, "#score"), "1 of 2 right (50%)", "flashcard score");
  await page.reload();
  eq(await text(page, "#progress"), "Saved on this device: 5 answered right last time, 1 answered wrong last time, " + (qs.length - 6) + " not tried yet.", "progress after flashcards");

  // A rebuilt page (another seed: options reordered, same ids) keeps the progress.
  await page.goto(url(rebuiltPath));
  const rebuilt = JSON.parse(await text(page, "#quizdeck-data"));
  check(JSON.stringify(rebuilt.questions.map((q) => q.choices)) !== JSON.stringify(qs.map((q) => q.choices)), "the rebuilt page orders the options otherwise");
  eq(await text(page, "#progress"), "Saved on this device: 5 answered right last time, 1 answered wrong last time, " + (qs.length - 6) + " not tried yet.", "progress on the rebuilt page");

  // "Forget my progress" asks first, then clears this page's decks.
  page.dialogs = 1;
  await tabTo(page, byID("reset"), "Forget my progress");
  await page.keyboard.press("Enter");
  eq(page.dialogs, 0, "reset asked for confirmation");
  eq(await text(page, "#progress"), "No progress saved on this device yet.", "progress after reset");
  eq(await page.evaluate((k) => localStorage.getItem(k), data.storage + deck), null, "storage after reset");

  // The printed page is the list with every answer, no controls.
  await page.emulateMedia({ media: "print" });
  eq(await visible(page, "#start"), false, "print hides the practice controls");
  eq(await visible(page, "#item-0 details p"), true, "print shows the answers");
  await shot(page, "print", { fullPage: false });
  await page.emulateMedia({ media: "screen" });
  eq(page.errors, [], "no script errors, dialogs or outside requests");

  // A 360 px phone: nothing wider than the screen, big enough targets.
  const phone = await newPage(browser, { width: 360, height: 780 }, 2);
  const p = phone.page;
  await p.goto(url(pagePath));
  await shot(p, "phone-start");
  eq(await p.evaluate(() => document.documentElement.scrollWidth), 360, "no sideways scrolling at 360 px");
  await axe(p, "phone-start");
  await tabTo(p, byID("go"), "Start");
  await p.keyboard.press("Enter");
  await answerChoice(p, qs[0], wrongOf(qs[0]));
  eq(await p.evaluate(() => document.documentElement.scrollWidth), 360, "no sideways scrolling with feedback at 360 px");
  const small = await p.$$eval("button:not([hidden])", (bs) => bs.filter((b) => b.offsetParent && b.getBoundingClientRect().height < 44).map((b) => b.id || b.textContent));
  eq(small, [], "buttons at least 44 px tall");
  await axe(p, "phone-feedback");
  // The README's picture: from the question heading to the end of the feedback.
  const clip = await p.evaluate(() => {
    const top = document.getElementById("q-h").getBoundingClientRect().top + window.scrollY - 16;
    const bottom = document.getElementById("feedback").getBoundingClientRect().bottom + window.scrollY + 16;
    return { x: 0, y: top, width: 360, height: bottom - top };
  });
  await shot(p, "phone-question", { fullPage: true, clip });
  eq(p.errors, [], "no script errors on the phone");

  // WCAG 2.1 reflow: 320 CSS px wide, still no sideways scrolling.
  await p.setViewportSize({ width: 320, height: 640 });
  eq(await p.evaluate(() => document.documentElement.scrollWidth), 320, "no sideways scrolling at 320 px");
}

// hostile checks a page built from text full of markup: it must show as text.
async function hostile(browser) {
  const { page } = await newPage(browser, { width: 800, height: 600 });
  await page.goto(url(hostilePath));
  const data = JSON.parse(await text(page, "#quizdeck-data"));
  const q = data.questions[0];
  check(q.prompt.includes("<script>"), "the hostile page's prompt holds a script tag");
  eq(await page.$$eval("script", (s) => s.length), 2, "only the page's own scripts");
  eq(await text(page, "#item-0 .prompt"), q.prompt, "the list shows the markup as text");
  await tabTo(page, byID("go"), "Start");
  await page.keyboard.press("Enter");
  eq(await text(page, "#q-prompt"), q.prompt, "the question shows the markup as text");
  eq(await page.evaluate(() => window.pwned === undefined), true, "no injected script ran");
  eq(page.errors, [], "no script errors, dialogs or outside requests on the hostile page");
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
});
