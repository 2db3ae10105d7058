// vscode_browser_test.js — drives code-server in headless Chromium: opens progress.txt by Quick Open, checks the
// language mode, the progress-ls diagnostics in the Problems panel (from the server the .vsix carries), the Outline
// view, completion (levels, a fuzzy path), the missing-binary notification, the restart command (once, then twice in
// a row), semantic colouring; keeps a screenshot. Env: URL, CHROMIUM, SHOT, SETTINGS (the user settings.json),
// SERVER_BIN (the carried server).
const fs = require('fs');
const { chromium } = require('playwright-core');

const TIMEOUT = 60000;
let failures = 0;
let firstFailure = null;
function check(ok, what, detail) {
  // A failure gives its time, to be found in the extension's log (its lines are stamped the same way).
  const when = ok ? '' : ` (at ${new Date().toLocaleTimeString('en-US')})`;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || detail === undefined ? '' : ': ' + detail}${when}`);
  if (!ok) {
    failures++;
    firstFailure ??= new Date();
  }
  return ok;
}

// The "progress-ls" output channel's lines (the extension's own, the client's, the trace of each message) from
// TIMEOUT before `when` to `when`: what led to a check that waited in vain. At most `max` lines, the first ones.
function logBefore(when, max) {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('progress-ls.log')) files.push(p);
    }
  };
  try {
    walk(`${process.env.SETTINGS.replace(/\/User\/settings\.json$/, '')}/logs`);
  } catch {
    return [];
  }
  const seconds = (h, m, s, pm) => ((Number(h) % 12) + (pm === 'PM' ? 12 : 0)) * 3600 + Number(m) * 60 + Number(s);
  const end = seconds(...when.toLocaleTimeString('en-US').match(/(\d+):(\d+):(\d+) (AM|PM)/).slice(1)) + 1;
  const lines = [];
  for (const f of files) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      const m = line.match(/^\[\w+ *- (\d+):(\d+):(\d+) (AM|PM)\]/);
      const t = m && seconds(...m.slice(1));
      if (t !== null && t >= end - TIMEOUT / 1000 - 2 && t <= end) lines.push(line.slice(0, 160));
    }
  }
  return lines.slice(0, max);
}

// Polls `cond` (sync or async) every 250 ms until it holds (true) or TIMEOUT passes (false).
async function until(cond) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function waitForServer(url) {
  return until(() => fetch(url).then((res) => res.ok, () => false)); // false: not listening yet
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
    const source = await panel.locator('.monaco-list-row', { hasText: 'progress-ls' }).first()
      .waitFor({ timeout: TIMEOUT }).then(() => true, () => false);
    check(source, 'the problems name progress-ls as their source', source ? undefined : await panel.innerText().catch(() => '?'));
    check(serverPids(process.env.SERVER_BIN) !== '', 'the server running is the one the .vsix carries',
      process.env.SERVER_BIN);
    await page.screenshot({ path: process.env.SHOT });

    await outline(page);
    await completion(page);
    await fuzzyPath(page);
    await missingBinaryAndRestart(page, panel);
    await semanticColour(page);
  } finally {
    await page.screenshot({ path: process.env.SHOT }).catch((e) => console.log(`screenshot failed: ${e}`));
    await browser.close();
  }
}

// Types `Complexity level: ` over line 6 and asks for suggestions: the five levels.
async function completion(page) {
  await goToLine(page, 6);
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('Complexity level: ');
  await page.keyboard.press('Control+Space');
  const rows = page.locator('.suggest-widget .monaco-list-row');
  const shown = await rows.first().waitFor({ timeout: TIMEOUT }).then(() => true, () => false);
  const labels = shown ? await page.locator('.suggest-widget .monaco-list-row .label-name').allInnerTexts() : [];
  for (const level of ['Trivial', 'Small', 'Medium', 'Large', 'Huge']) {
    check(labels.includes(level), `completion after "Complexity level: " offers ${level}`, JSON.stringify(labels));
  }
  await page.keyboard.press('Escape');
  await page.keyboard.type('Medium');
}

// The Outline view lists the sections by name: the first at the top; End scrolls the tree to the last one.
async function outline(page) {
  check(await runCommand(page, 'Explorer: Focus on Outline View'), 'the Command Palette opens the Outline view');
  const view = page.locator('.outline-pane').first();
  const row = (name) => page.locator('.outline-pane .monaco-list-row', { hasText: name }).first();
  const shown = (name) => row(name).waitFor({ timeout: TIMEOUT }).then(() => true, () => false);
  let ok = await shown('Session State');
  check(ok, 'the Outline view lists "Session State"', ok ? undefined : await view.innerText().catch(() => '?'));
  ok = await shown('Complexity level');
  check(ok, 'the Outline view lists the field "Complexity level" under it');
  await row('Session State').click();
  await page.keyboard.press('End');
  ok = await shown('Notes');
  check(ok, 'the Outline view lists "Notes", the last section', ok ? undefined : await view.innerText().catch(() => '?'));
  await page.screenshot({ path: process.env.SHOT.replace(/\.png$/, '-outline.png') });
  await page.locator('.monaco-editor .view-lines').first().click();
}

// Types `sess` on a new item under Files To Modify, asks for suggestions and accepts the first: a file two folders
// down, matched fuzzily, in one step.
async function fuzzyPath(page) {
  await goToLine(page, 17);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('sess');
  await until(async () => (await page.locator('.view-line', { hasText: /^sess$/ }).count()) > 0);
  // Quick suggestions may have opened the list while typing; Ctrl+Space on an open list only toggles its details.
  if (!(await page.locator('.suggest-widget.visible').count())) await page.keyboard.press('Control+Space');
  const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'src/auth/session.py' }).first();
  const shown = await row.waitFor({ timeout: TIMEOUT }).then(() => true, () => false);
  const labels = await page.locator('.suggest-widget .monaco-list-row .label-name').allInnerTexts().catch(() => []);
  check(shown, 'typing "sess" then Ctrl+Space suggests src/auth/session.py', JSON.stringify(labels));
  if (shown) {
    await page.keyboard.press('Enter');
    const line = await until(async () => (await page.locator('.view-line', { hasText: 'src/auth/session.py' }).count()) > 0);
    check(line, 'accepting it writes src/auth/session.py into the file');
  }
  await page.keyboard.press('Escape');
}

// Ctrl+G, the line number, Enter: keys typed before the Go to Line box has focus would land in the document, so the
// number is typed once the box is there, and the move is confirmed by the status bar's `Ln N,`.
async function goToLine(page, line) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input[type="text"]').waitFor({ timeout: TIMEOUT });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  const where = page.locator('.statusbar-item[id="status.editor.selection"]');
  const moved = await until(async () => (await where.innerText().catch(() => '')).includes(`Ln ${line},`));
  if (!moved) throw new Error(`Go to Line ${line} did not move the cursor: ${await where.innerText().catch(() => '?')}`);
}

// Runs a command from the Command Palette by its title; false when the palette does not list it.
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill('>' + title);
  const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  if (!(await entry.waitFor({ timeout: TIMEOUT }).then(() => true, () => false))) return false;
  await page.keyboard.press('Enter');
  return true;
}

// Changes a user setting as a user does: in the settings.json editor, saved, then closed. (Writing the file
// behind code-server's back is noticed late or not at all.) True once the file on disk holds the new value.
async function setSetting(page, key, value) {
  const file = process.env.SETTINGS;
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  settings[key] = value;
  if (!(await runCommand(page, 'Preferences: Open User Settings (JSON)'))) return false;
  await page.waitForSelector('.tab.active[aria-label*="settings.json"]', { timeout: TIMEOUT });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(JSON.stringify(settings, null, 2));
  // Whatever the editor auto-closed after the cursor goes.
  await page.keyboard.press('Control+Shift+End');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+S');
  const saved = await until(() => {
    try {
      return JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))[key]) === JSON.stringify(value);
    } catch {
      return false; // mid-write
    }
  });
  await page.keyboard.press('Control+W');
  return saved;
}

// Pids of the running processes started as `binary`.
function serverPids(binary) {
  const pids = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === binary) pids.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return pids.sort().join(',');
}

function problemShown(panel, text, want) {
  return until(async () => (await panel.locator('.monaco-list-row', { hasText: text }).count() > 0) === want);
}

// progressLs.path pointing nowhere: the server stops, its problems go, and a notification says how to fix it.
// Set back, the server comes back; then the Restart Server command from the Command Palette.
async function missingBinaryAndRestart(page, panel) {
  const good = ''; // unset: the carried server
  const binary = process.env.SERVER_BIN;
  check(await setSetting(page, 'progressLs.path', '/nonexistent/progress-ls'), 'progressLs.path set in settings.json');
  const toast = page.locator('.notification-toast', { hasText: 'cannot start the language server' });
  const shown = await toast.first().waitFor({ timeout: TIMEOUT }).then(() => true, () => false);
  const text = shown ? await toast.first().innerText() : '';
  check(shown && text.includes('progressLs.path') && text.includes('/nonexistent/progress-ls'),
    'a missing binary gets a notification naming the path and the setting', text);
  check(await problemShown(panel, 'template placeholder', false), 'the stopped server\'s problems are cleared');
  await page.screenshot({ path: process.env.SHOT.replace(/\.png$/, '-missing.png') });

  check(await setSetting(page, 'progressLs.path', good), 'progressLs.path set back to empty (the carried server)');
  check(await problemShown(panel, 'template placeholder', true), 'setting the path back restarts the server');

  const before = serverPids(binary);
  check(before !== '', 'a progress-ls process runs', before);
  const listed = await runCommand(page, 'progress-ls: Restart Server');
  check(listed, 'the Command Palette lists "progress-ls: Restart Server"');
  if (listed) {
    let after = '';
    await until(() => {
      after = serverPids(binary);
      return after !== '' && after !== before;
    });
    check(after !== '' && after !== before, 'Restart Server replaces the server process', `${before} -> ${after}`);
    check(await problemShown(panel, 'template placeholder', true), 'after Restart Server the problems are back');
    await restartTwice(page, panel);
  }
}

// Restart Server twice in a row, as an impatient user does: the second from the top of the palette (its most
// recently used command), while the first may still be starting its server. One server runs afterwards, the same
// one for two seconds (a start the second restart could not stop would have left its server running beside it).
async function restartTwice(page, panel) {
  const binary = process.env.SERVER_BIN;
  const before = serverPids(binary).split(',');
  if (!(await runCommand(page, 'progress-ls: Restart Server'))) return;
  await page.keyboard.press('F1');
  const top = page.locator('.quick-input-list .monaco-list-row').first();
  await top.waitFor({ timeout: TIMEOUT });
  const topText = await top.innerText();
  const again = topText.includes('progress-ls: Restart Server');
  check(again, 'the Command Palette offers Restart Server first, as recently used', topText);
  await page.keyboard.press(again ? 'Enter' : 'Escape');
  let seen = '';
  let since = Date.now();
  const one = await until(() => {
    const now = serverPids(binary);
    if (now !== seen) {
      seen = now;
      since = Date.now();
    }
    const pids = now.split(',').filter((p) => p !== '');
    return pids.length === 1 && !before.includes(pids[0]) && Date.now() - since >= 2000;
  });
  check(one, 'Restart Server twice in a row leaves one new server running', `${before} -> ${seen}`);
  check(await problemShown(panel, 'template placeholder', true), 'after the second restart the problems are back');
}

// The colours of the text `word` on the line holding `lineText` and of that line's first word (plain text there):
// the span around `word` as Monaco renders it, its computed colour. Null while the line or the word is not drawn.
function spanColours(page, lineText, word) {
  return page.evaluate(([lineText, word]) => {
    const line = [...document.querySelectorAll('.view-lines .view-line')]
      .find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(lineText));
    const spans = line ? [...line.querySelectorAll('span span')] : [];
    const at = spans.find((s) => s.textContent.includes(word));
    const plain = spans.find((s) => s.textContent.includes('landed'));
    if (!at || !plain) return null;
    return { word: getComputedStyle(at).color, wordText: at.textContent, plain: getComputedStyle(plain).color };
  }, [lineText, word]);
}

// A commit hash in a Notes item: the TextMate grammar leaves it plain text, the server marks it commitHash, and
// the extension maps that to a scope the theme colours. With semantic highlighting turned off for progresstxt in
// settings.json, the same text is plain again.
async function semanticColour(page) {
  const hash = '3f9c2ab1';
  const text = `- Limiter landed in ${hash}`;
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape');
  let seen = null;
  const coloured = await until(async () => {
    seen = await spanColours(page, text, hash);
    return seen !== null && seen.wordText === hash && seen.word !== seen.plain;
  });
  check(coloured, `the server's semantic tokens colour the commit hash in a Notes item (${seen && seen.word})`,
    JSON.stringify(seen));
  await page.screenshot({ path: process.env.SHOT.replace(/\.png$/, '-semantic.png') });
  const on = seen && seen.word;
  check(await setSetting(page, '[progresstxt]', { 'editor.semanticHighlighting.enabled': false }),
    'semantic highlighting turned off for progresstxt in settings.json');
  const plain = await until(async () => {
    seen = await spanColours(page, text, hash);
    return seen !== null && seen.word === seen.plain;
  });
  check(plain && on !== seen.word, 'with semantic highlighting off the hash has the plain text colour',
    JSON.stringify(seen));
}

main().then(
  () => {
    if (firstFailure) {
      console.log('--- the extension\'s log in the minute before the first failure');
      for (const line of logBefore(firstFailure, 16)) console.log(line);
    }
    console.log(`vscode in the browser: ${failures === 0 ? 'passed' : failures + ' failed'}`);
    process.exit(failures === 0 ? 0 : 1);
  },
  (err) => {
    console.log(`FAIL ${err && err.stack ? err.stack : err}`);
    console.log('--- the extension\'s log in the minute before the first failure');
    for (const line of logBefore(firstFailure ?? new Date(), 16)) console.log(line);
    process.exit(1);
  },
);
