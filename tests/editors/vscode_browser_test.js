// vscode_browser_test.js — drives code-server in headless Chromium: opens progress.txt by Quick Open, checks the
// language mode and the progress-ls diagnostics in the Problems panel, keeps a screenshot. Env: URL, CHROMIUM, SHOT.
const { chromium } = require('playwright-core');

const TIMEOUT = 60000;
let failures = 0;
function check(ok, what, detail) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || detail === undefined ? '' : ': ' + detail}`);
  if (!ok) failures++;
  return ok;
}

async function waitForServer(url) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main() {
  if (!check(await waitForServer(process.env.URL), 'code-server answers')) return;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(process.env.URL);
    await page.waitForSelector('.monaco-workbench', { timeout: TIMEOUT });
    check(true, 'the workbench loads');
    await page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: TIMEOUT });
    // Quick Open the file, as a user would.
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor({ timeout: TIMEOUT });
    await input.fill('progress.txt');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tab[aria-label*="progress.txt"]', { timeout: TIMEOUT });
    check(true, 'Quick Open opens progress.txt');

    const mode = page.locator('.statusbar-item[id="status.editor.mode"]');
    await mode.waitFor({ timeout: TIMEOUT });
    await page.waitForFunction(
      () => document.querySelector('[id="status.editor.mode"]')?.textContent?.includes('progress.txt'),
      null, { timeout: TIMEOUT }).catch(() => {});
    const modeText = (await mode.textContent()) ?? '';
    check(modeText.includes('progress.txt'), 'the language mode is progress.txt (the extension\'s language)', modeText);

    // The grammar colours the header: Monaco renders TextMate scopes as mtkN classes, mtk1 being plain text.
    // Tokenizing starts once the grammar has loaded, so wait for it.
    const coloured = await page.waitForFunction(() => {
      const line = [...document.querySelectorAll('.view-lines .view-line')]
        .find((l) => l.textContent.replace(/\u00a0/g, ' ').startsWith('=== Session State ==='));
      return line && [...line.querySelectorAll('span span')].some((s) => /\bmtk(?!1\b)\d+/.test(s.className));
    }, null, { timeout: TIMEOUT }).then(() => true, () => false);
    check(coloured, 'the TextMate grammar colours the header');

    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ timeout: TIMEOUT });
    const want = [
      ['template placeholder', 'the placeholder diagnostic is in the Problems panel'],
      ['more than 20', 'file-too-long with progressLs.maxLines = 20 (settings reach the server)'],
    ];
    for (const [text, what] of want) {
      const ok = await panel.locator('.monaco-list-row', { hasText: text }).first()
        .waitFor({ timeout: TIMEOUT }).then(() => true, () => false);
      check(ok, what, ok ? undefined : await panel.innerText().catch(() => '?'));
    }
    const source = await panel.locator('.monaco-list-row', { hasText: 'progress-ls' }).count();
    check(source > 0, 'the problems name progress-ls as their source', String(source));
  } finally {
    await page.screenshot({ path: process.env.SHOT }).catch((e) => console.log(`screenshot failed: ${e}`));
    await browser.close();
  }
}

main().then(
  () => {
    console.log(`vscode in the browser: ${failures === 0 ? 'passed' : failures + ' failed'}`);
    process.exit(failures === 0 ? 0 : 1);
  },
  (err) => {
    console.log(`FAIL ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
