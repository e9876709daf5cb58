// Opens a `vouch check --format html` report in headless Chromium and checks what a reader gets:
// no console errors, nothing fetched from anywhere, one clause row per verdict of the JSON report
// made by the same run (statuses matched, in words), the findings in the same order, and that
// the page prints (a PDF with pages). It generates nothing itself; run.sh makes both reports.
//
//   node report.test.mjs REPORT.html REPORT.json [SCREENSHOT.png]
//   (or VOUCH_HTML_REPORT, VOUCH_JSON_REPORT, VOUCH_SCREENSHOT in the environment)
//
// Chromium is Debian's (/usr/bin/chromium, or CHROMIUM); playwright-core downloads no browser.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [htmlArg, jsonArg, pngArg] = process.argv.slice(2);
const htmlPath = htmlArg ?? process.env.VOUCH_HTML_REPORT;
const jsonPath = jsonArg ?? process.env.VOUCH_JSON_REPORT;
if (!htmlPath || !jsonPath) {
  console.error('usage: node report.test.mjs REPORT.html REPORT.json [SCREENSHOT.png]');
  process.exit(2);
}
const screenshot = resolve(
  pngArg ?? process.env.VOUCH_SCREENSHOT ?? resolve(repo, 'target/browser-artifacts/report.png'),
);
const pdfPath = screenshot.replace(/\.png$/, '') + '.pdf';
const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
const pageUrl = pathToFileURL(resolve(htmlPath)).href;

// The words each status shows beside its colour (html.rs `label`).
const LABELS = {
  pass: 'Pass',
  fail: 'Fail',
  'missing-evidence': 'Missing evidence',
  'not-applicable': 'Not applicable',
  waived: 'Waived',
};
// html.rs HTML_MAX_FINDINGS.
const MAX_FINDINGS = 200;

let browser;
let page;
const consoleErrors = [];
const requests = [];
const failed = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Anything but the report itself is refused and counted: the page must stand alone.
  await context.route('**/*', (route) =>
    route.request().url() === pageUrl ? route.continue() : route.abort('blockedbyclient'),
  );
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  await page.goto(pageUrl, { waitUntil: 'load' });
});

after(async () => {
  await browser?.close();
});

test('loads with no console error and fetches nothing but itself', async () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(failed, []);
  assert.deepEqual(requests, [pageUrl]);
  assert.equal(await page.evaluate(() => document.scripts.length), 0, 'a <script> in the page');
  assert.equal(await page.evaluate(() => document.characterSet), 'UTF-8');
  assert.match(await page.title(), /^vouch check: (PASS|FAIL|ERROR) · /);
});

test('the outcome badge says the outcome of the JSON report', async () => {
  const badge = (await page.locator('#outcome').innerText()).trim();
  assert.equal(badge, report.summary.outcome.toUpperCase());
});

test('the clause table has one row per verdict, statuses matched and written out', async () => {
  const rows = await page.$$eval('table.clauses tbody tr', (trs) =>
    trs.map((tr) => {
      const cell = tr.querySelector('td.status');
      const style = getComputedStyle(cell);
      return {
        clause: tr.dataset.clause,
        status: tr.dataset.status,
        firstCell: tr.cells[0].innerText.trim(),
        text: cell.innerText.trim(),
        border: parseFloat(style.borderLeftWidth),
        visible: cell.getBoundingClientRect().height > 0,
      };
    }),
  );
  assert.ok(report.verdicts.length > 0, 'the JSON report has no verdicts');
  assert.deepEqual(
    rows.map((r) => [r.clause, r.status]),
    report.verdicts.map((v) => [String(v.clause), v.status]),
  );
  for (const r of rows) {
    assert.equal(r.firstCell, r.clause);
    assert.ok(r.text.includes(LABELS[r.status]), `clause ${r.clause}: "${r.text}"`);
    assert.ok(r.border >= 4, `clause ${r.clause}: status border ${r.border}px`);
    assert.ok(r.visible, `clause ${r.clause}: status cell not rendered`);
  }
  // Each clause links to its details, and they exist.
  for (const v of report.verdicts) {
    assert.equal(await page.locator(`section.clause[id="clause-${v.clause}"]`).count(), 1);
  }
});

test('findings are listed worst first as in the JSON, links only to the web', async () => {
  const shown = await page.$$eval('table.findings tbody tr', (trs) =>
    trs.map((tr) => tr.cells[1].querySelector('a, code').innerText.trim()),
  );
  const want = report.findings.slice(0, MAX_FINDINGS).map((f) => f.id);
  assert.deepEqual(shown, want);
  const more = await page.locator('#findings p.more').count();
  assert.equal(more, report.findings.length > MAX_FINDINGS ? 1 : 0);
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
  for (const href of hrefs) {
    assert.match(href, /^(#|https?:\/\/)/, `link to ${href}`);
  }
});

test('a full-page screenshot is taken', async () => {
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  const png = readFileSync(screenshot);
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.ok(statSync(screenshot).size > 10_000, 'screenshot suspiciously small');
});

test('the page prints to A4 with the print stylesheet', async () => {
  await page.emulateMedia({ media: 'print' });
  // The print rules apply: table headers repeat and rows stay whole.
  const print = await page.$eval('table.clauses tbody tr', (tr) => ({
    rowBreak: getComputedStyle(tr).breakInside,
    head: getComputedStyle(tr.closest('table').tHead).display,
  }));
  assert.equal(print.rowBreak, 'avoid');
  assert.equal(print.head, 'table-header-group');
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  writeFileSync(pdfPath, pdf);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  assert.ok(pages > 0, 'the PDF has no pages');
  console.log(`# ${pages} A4 pages printed to ${pdfPath}; screenshot at ${screenshot}`);
});
