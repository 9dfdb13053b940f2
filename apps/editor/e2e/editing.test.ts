// The keyboard-only flow, the shortcuts overlay, stale edits, file upload, actors, timeline and export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, shot, signIn, signOut, startApp, trpcCall, type App, type Browser, visit } from './harness.ts';

let app: App;
let b: Browser;

beforeAll(async () => {
  app = await startApp('editing');
  b = await openBrowser();
  await signIn(b.page, app, 'annotator');
});
afterAll(async () => {
  await b?.close();
  await app?.stop();
});

async function openSource(title: string) {
  const { page } = b;
  await visit(page, `${app.url}/`);
  await page.click(`[data-testid=source-list] a:has-text("${title}")`);
  await page.waitForSelector('html[data-reader-ready]');
}

describe('keyboard', () => {
  it('lists every shortcut on the ? overlay', async () => {
    const { page } = b;
    await visit(page, `${app.url}/`);
    await page.keyboard.press('?');
    const dialog = page.locator('[data-testid=shortcuts]');
    await dialog.waitFor({ state: 'visible' });
    const text = (await dialog.textContent())!;
    for (const what of ['Annotate the selection', 'Next / previous claim', 'Save the form', 'Go to the review queue']) expect(text).toContain(what);
    await shot(page, '20-shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('annotates without the mouse: select words with the arrows, claim form, picker, save', async () => {
    const { page } = b;
    await openSource('Syrian Foreign Minister Visits Russia');
    await page.keyboard.press('t');
    // The first word in view is selected; move right twice, then extend by three words.
    const before = await page.evaluate(() => window.getSelection()!.toString());
    expect(before.length).toBeGreaterThan(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    const selected = await page.evaluate(() => window.getSelection()!.toString());
    expect(selected.split(/\s+/).length).toBe(4);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=claim-form]');
    expect((await page.textContent('[data-testid=form-quote]'))!.trim()).toBe(selected.trim());
    await page.keyboard.type('Shibani');
    await page.waitForSelector('[role=option]:has-text("Asaad al-Shaibani")');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=claimant-picked]');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=claim-form]', { state: 'detached' });
    const id = Number(await page.locator('.claim-card.selected').getAttribute('data-claim'));
    const hl = await page.$$eval(`[data-c~="${id}"]`, (els) => els.map((e) => e.textContent).join(''));
    expect(hl).toBe(selected.trim());
    // The keyboard carries on from the word after the new claim.
    await page.waitForFunction(() => window.getSelection()!.toString().length > 0);
    const after = await page.evaluate(() => window.getSelection()!.toString());
    expect(after.split(/\s+/)).toHaveLength(1);
    // j / k move through the claims in reading order.
    await page.keyboard.press('j');
    const next = Number(await page.locator('.claim-card.selected').getAttribute('data-claim'));
    expect(next).not.toBe(id);
    await page.keyboard.press('k');
    expect(Number(await page.locator('.claim-card.selected').getAttribute('data-claim'))).toBe(id);
    await shot(page, '21-keyboard-claim');
  });

  it('links the selected claim to a new event created inline, with an EDTF date and asserted values (l)', async () => {
    const { page } = b;
    await page.keyboard.press('l');
    await page.waitForSelector('[data-testid=link-form]');
    await page.keyboard.type('Quiet meeting in Latakia');
    await page.waitForSelector('[role=option]:has-text("New event")');
    // The "New event" option is the last one.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=new-event]');
    await page.fill('[data-testid=new-event-date]', 'tomorrow-ish');
    await page.click('[data-testid=new-event-create]');
    await page.waitForSelector('[data-field-error="date"]');
    await page.fill('[data-testid=new-event-date]', '2025-07~');
    await page.fill('[data-testid=new-event-place]', 'Latakia');
    await page.click('[data-testid=new-event-create]');
    await page.waitForSelector('[data-testid=event-picked]:has-text("Quiet meeting in Latakia")');
    await page.check('[data-testid=stance-supports]');
    await page.locator('details.asserted summary').click();
    await page.fill('[data-testid=asserted-date]', '2025-07-30');
    await page.fill('[data-testid=asserted-place]', 'Latakia');
    await shot(page, '22-link-form');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=link-form]', { state: 'detached' });
    expect(await page.textContent('[data-testid=claim-detail]')).toContain('Quiet meeting in Latakia');
  });
});

describe('claim details', () => {
  it('edits a link’s stance, changes the claim’s status and removes the link', async () => {
    const { page } = b;
    const detail = page.locator('[data-testid=claim-detail]');
    await detail.locator('button:has-text("Edit link")').click();
    await page.waitForSelector('[data-testid=link-form]');
    expect(await page.inputValue('[data-testid=asserted-place]')).toBe('Latakia');
    await page.check('[data-testid=stance-mentions]');
    await page.click('[data-testid=link-form] [data-testid=save]');
    await page.waitForSelector('[data-testid=link-form]', { state: 'detached' });
    await detail.locator('.links .stance:has-text("Mentions")').waitFor();
    // Accepting is a reviewer's decision: an annotator sees why the option is off, and may retract a draft.
    expect(
      await page.locator('[data-testid=claim-status] option[value=accepted], [data-testid=claim-status] option:text-is("accepted")').first().isDisabled(),
    ).toBe(true);
    expect(await page.textContent('[data-testid=status-note]')).toMatch(/reviewer’s decision/);
    await page.selectOption('[data-testid=claim-status]', 'retracted');
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLSelectElement>('[data-testid=claim-status]')?.value === 'retracted' &&
        /v\d+/.test(document.querySelector('[data-testid=claim-detail]')?.textContent ?? ''),
    );
    page.once('dialog', (d) => void d.accept());
    await detail.locator('button:has-text("Remove link")').click();
    await detail.locator('.links').waitFor({ state: 'detached' });
  });
});

describe('stale edits', () => {
  it('says someone else changed the claim, keeps what was typed, and saves after a reload', async () => {
    const { page } = b;
    const id = Number(await page.locator('.claim-card.selected').getAttribute('data-claim'));
    await page.keyboard.press('e');
    await page.waitForSelector('[data-testid=edit-claim-form]');
    await page.fill('[data-testid=paraphrase]', 'My careful paraphrase');
    // Meanwhile, another session edits the same claim.
    const current = await trpcCall<{ result: { data: { version: number } } }>(page, 'claim.get', { id });
    const other = await trpcCall(page, 'claim.update', { id, version: current.body.result.data.version, paraphrase: 'Someone else’s paraphrase' }, 'mutation');
    expect(other.status).toBe(200);
    await page.click('[data-testid=edit-claim-form] [data-testid=save]');
    await page.waitForSelector('[data-testid=conflict]');
    expect(await page.textContent('[data-testid=conflict]')).toMatch(/Someone else changed this claim/);
    expect(await page.inputValue('[data-testid=paraphrase]')).toBe('My careful paraphrase');
    await shot(page, '23-conflict');
    await page.click('[data-testid=conflict] button');
    await page.waitForSelector('[data-testid=conflict]:has-text("Reloaded")');
    expect(await page.textContent('[data-testid=edit-claim-form]')).toContain('Someone else’s paraphrase');
    expect(await page.inputValue('[data-testid=paraphrase]')).toBe('My careful paraphrase');
    await page.click('[data-testid=edit-claim-form] [data-testid=save]');
    await page.waitForSelector('[data-testid=edit-claim-form]', { state: 'detached' });
    expect(await page.textContent('[data-testid=claim-detail]')).toContain('My careful paraphrase');
  });

  it('shows server errors next to the field', async () => {
    const { page } = b;
    await visit(page, `${app.url}/sources/new`);
    await page.fill('#source-title', 'Bad date');
    await page.fill('input[name=outlet]', 'Somewhere');
    await page.fill('#source-text', 'Some text.');
    await page.fill('input[name=url]', 'javascript:alert(1)');
    await page.click('[data-testid=import]');
    await page.waitForSelector('[data-field-error="url"]');
    expect(await page.textContent('[data-field-error="url"]')).toMatch(/URL/);
    await shot(page, '24-field-error');
  });
});

describe('sources, actors, timeline, export', () => {
  it('imports uploaded .txt and .md files, reading front matter like the CLI', async () => {
    const { page } = b;
    await visit(page, `${app.url}/sources/new`);
    await page.setInputFiles('#source-files', [
      { name: 'first-report.txt', mimeType: 'text/plain', buffer: Buffer.from('First report\n\nThe convoy left at dawn.') },
      { name: 'second.md', mimeType: 'text/markdown', buffer: Buffer.from('# Second report\n\nThe convoy never left.') },
      {
        name: 'third.md',
        mimeType: 'text/markdown',
        buffer: Buffer.from('---\ntitle: Third report\noutlet: Front Desk\npublished: 2024-12-07\n---\nThe convoy was seen twice.'),
      },
    ]);
    await page.waitForSelector('[data-testid=uploads] li >> nth=2');
    await page.fill('[aria-label="Title for first-report.txt"]', 'First report (edited)');
    await page.fill('input[name=outlet]', 'Field notes');
    await page.click('[data-testid=import]');
    await page.waitForSelector('[data-testid=uploads] a:has-text("Imported") >> nth=2');
    const links = await page.$$eval('[data-testid=uploads] a', (as) => as.map((a) => a.textContent));
    expect(links).toEqual(['Imported: First report (edited)', 'Imported: Second report', 'Imported: Third report']);
    await visit(page, `${app.url}/?q=convoy`);
    expect(await page.locator('[data-testid=source-list] tbody tr').count()).toBe(3);
    const third = page.locator('[data-testid=source-list] tr:has-text("Third report")');
    expect(await third.textContent()).toContain('Front Desk');
    expect(await third.textContent()).toContain('7 Dec 2024');
    await third.locator('a').first().click();
    await page.waitForSelector('html[data-reader-ready]');
    expect(await page.textContent('[data-testid=source-text]')).toBe('The convoy was seen twice.');
  });

  it('says how many characters of an uploaded file could not be read', async () => {
    const { page } = b;
    await visit(page, `${app.url}/sources/new`);
    // "Café crème" saved as Latin-1: two bytes that are not UTF-8.
    await page.setInputFiles('#source-files', [
      {
        name: 'latin1.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from([...Buffer.from('Caf'), 0xe9, ...Buffer.from(' cr'), 0xe8, ...Buffer.from('me at the border.')]),
      },
    ]);
    await page.waitForSelector('[data-testid=uploads] li');
    await page.fill('input[name=outlet]', 'Field notes');
    await page.click('[data-testid=import]');
    await page.waitForSelector('[data-testid=uploads] a:has-text("Imported")');
    expect(await page.textContent('[data-testid=replaced]')).toBe(' (2 unreadable characters stored as �)');
    await page.click('[data-testid=uploads] a:has-text("Imported")');
    await page.waitForSelector('html[data-reader-ready]');
    expect(await page.textContent('[data-testid=source-text]')).toBe('Caf\uFFFD cr\uFFFDme at the border.');
  });

  it('adds an alias to an actor and merges two actors', async () => {
    const { page } = b;
    await visit(page, `${app.url}/actors`);
    await page.fill('#actor-q', 'Lavrov');
    await page.click('.search-results a:has-text("Lavrov")');
    await page.waitForSelector('[data-testid=actor-detail]');
    await page.fill('[data-testid=add-alias] input >> nth=0', 'Sergueï Lavrov');
    await page.click('[data-testid=add-alias] button[type=submit]');
    await page.waitForSelector('[data-testid=aliases] li:has-text("Sergueï Lavrov")');
    // The server refuses a name the actor already has; the message stands beside the field.
    await page.fill('[data-testid=add-alias] input >> nth=0', 'Sergei Lavrov');
    await page.click('[data-testid=add-alias] button[type=submit]');
    await page.waitForSelector('[data-testid=add-alias] [data-field-error="alias"]');
    expect(await page.textContent('[data-testid=add-alias] [data-field-error="alias"]')).toMatch(/already a name of this actor/);
    // A duplicate record, then merged back into the real one: a reviewer's act, so the annotator is told.
    const dup = await trpcCall<{ result: { data: { id: number } } }>(page, 'actor.create', { name: 'S. V. Lavrov', kind: 'person' }, 'mutation');
    const dupId = dup.body.result.data.id;
    expect(await page.textContent('[data-testid=merge-note]')).toMatch(/A reviewer merges them/);
    expect(await page.locator('[data-testid=merge]').count()).toBe(0);
    const actorUrl = page.url();
    await signOut(page, app);
    await signIn(page, app, 'reviewer');
    await visit(page, actorUrl);
    await page.click('[data-testid=merge-other]');
    await page.keyboard.type('S. V. Lavrov');
    await page.waitForSelector('[role=option]:not(.create):has-text("S. V. Lavrov")');
    await page.keyboard.press('Enter');
    await page.click('[data-testid=merge-confirm]');
    await page.waitForSelector('[data-testid=aliases] li:has-text("S. V. Lavrov")');
    await shot(page, '25-actor');
    await visit(page, `${app.url}/actors/${dupId}`);
    expect(await page.textContent('[data-testid=actor-detail]')).toMatch(/merged into/);
    await signOut(page, app);
    await signIn(page, app, 'annotator');
  });

  it('draws the timeline with ranges for uncertain dates, filters by actor and place, and opens an event', async () => {
    const { page } = b;
    await visit(page, `${app.url}/timeline`);
    await page.waitForSelector('[data-testid=timeline]');
    expect(await page.locator('[data-testid=timeline] .bar.range').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid=timeline] .bar.point').count()).toBeGreaterThan(3);
    await shot(page, '26-timeline');
    const all = await page.locator('[data-testid=timeline-event]').count();
    await page.fill('#timeline-place', 'Moscow');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=timeline-event]').length < n, all);
    const moscow = await page.locator('[data-testid=timeline-event]').count();
    expect(moscow).toBeGreaterThan(0);
    await page.fill('#timeline-place', '');
    await page.fill('#timeline-from', '2024-11-20');
    await page.fill('#timeline-to', '2024-12-31');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=timeline-event]').length < n, all);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('from') === '2024-11-20');
    await page.waitForFunction(() => !document.querySelector('[data-testid=timeline]')?.textContent?.includes('Black Sea'));
    await shot(page, '27-timeline-zoomed');
    await page.fill('#timeline-from', '');
    await page.fill('#timeline-to', '');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=timeline-event]').length === n, all);
    await page.click('#timeline-actor');
    await page.keyboard.type('Sharaa');
    await page.waitForSelector('[role=option]:has-text("Ahmed al-Sharaa")');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=timeline-event]').length < n, all);
    await page.locator('[data-testid=timeline-event]').first().click();
    await page.waitForURL(/\/events\/\d+/);
  });

  it('shows how many events each period holds, and opens a period, the next one and the whole range again', async () => {
    const { page } = b;
    await visit(page, `${app.url}/timeline`);
    const buckets = page.locator('[data-testid=timeline-bucket]');
    await buckets.first().waitFor();
    expect(await buckets.count()).toBeGreaterThan(1);
    const labels = await buckets.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(labels.every((l) => /^.+: \d+ events?/.test(l))).toBe(true);
    const all = await page.locator('[data-testid=timeline-event]').count();
    // The busiest period, opened from the keyboard.
    const counts = labels.map((l) => Number(/: (\d+) event/.exec(l)![1]));
    const busiest = counts.indexOf(Math.max(...counts));
    await buckets.nth(busiest).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.has('wfrom'));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=timeline-event]').length < n, all);
    expect(await buckets.nth(busiest).getAttribute('aria-pressed')).toBe('true');
    const inWindow = await page.locator('[data-testid=timeline-event]').count();
    expect(inWindow).toBeGreaterThanOrEqual(counts[busiest]!);
    await shot(page, '27b-timeline-window');
    const wfrom = await page.evaluate(() => new URL(location.href).searchParams.get('wfrom'));
    await page.click('button:has-text("Later →")');
    await page.waitForFunction((w) => new URL(location.href).searchParams.get('wfrom') !== w, wfrom);
    await page.click('button:has-text("Whole range")');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=timeline-event]').length === n, all);
    expect(await page.evaluate(() => new URL(location.href).searchParams.has('wfrom'))).toBe(false);
  });

  it('edits an event, with the EDTF date checked beside the field', async () => {
    const { page } = b;
    await visit(page, `${app.url}/timeline`);
    await page.click('[data-testid=timeline-event]:has-text("Quiet meeting in Latakia")');
    await page.waitForURL(/\/events\/\d+/);
    await page.click('[data-testid=edit-event]');
    await page.fill('[data-testid=event-date]', 'soon');
    await page.click('[data-testid=edit-event-form] button[type=submit]');
    await page.waitForSelector('[data-testid=edit-event-form] [data-field-error="date"]');
    await page.fill('[data-testid=event-date]', '2025-07-29/2025-07-31');
    await page.click('[data-testid=edit-event-form] button[type=submit]');
    await page.waitForSelector('[data-testid=edit-event-form]', { state: 'detached' });
    await page.waitForSelector('.facts :text("29–31 Jul 2025")');
  });

  it('links every export format', async () => {
    const { page } = b;
    await visit(page, `${app.url}/export?source=1`);
    const hrefs = await page.$$eval('[data-testid=export-formats] a', (as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['json', 'jsonl', 'csv', 'sqlite', 'webannotation', 'claimreview'].map((f) => `/api/export?format=${f}&source=1`));
    expect(await page.textContent('main')).toContain('Syrian foreign minister reveals meeting');
    // The link downloads (with the session's cookie).
    const r = await page.request.get(`${app.url}${hrefs[0]}`);
    expect(r.status()).toBe(200);
    expect(r.headers()['content-disposition']).toMatch(/attachment/);
  });

  it('raised no errors in the page', () => {
    expect(b.errors).toEqual([]);
  });
});
