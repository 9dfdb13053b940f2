// A day's work end to end: an annotator marks a claim (claimant found by another spelling), links it
// to an event with a contradicting stance; the dispute reaches the review queue; a reviewer decides
// it; the history shows who did what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragSelect, openBrowser, shot, signIn, signOut, startApp, trpcCall, type App, type Browser, visit } from './harness.ts';

let app: App;
let b: Browser;

beforeAll(async () => {
  app = await startApp('workflow');
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
  await app?.stop();
});

const QUOTE = 'He said the urgent negotiations aimed primarily at protecting Syria’s future interests.';
const EVENT = 'Assad arrives in Moscow and is granted asylum';
let claimId = 0;
let disputeId = 0;

describe('annotate, link, review, history', () => {
  it('signs in and shows who is signed in, with the role', async () => {
    const { page } = b;
    await signIn(page, app, 'annotator');
    await expect(page.textContent('[data-testid=current-user]')).resolves.toMatch(/annotator/);
    const rows = await page.locator('[data-testid=source-list] tbody tr').count();
    expect(rows).toBe(5);
    await shot(page, '01-sources');
  });

  it('opens a demo source with its claims highlighted and listed in reading order', async () => {
    const { page } = b;
    await page.click('text=Syrian foreign minister reveals meeting with Russians');
    await page.waitForSelector('html[data-reader-ready]');
    expect(await page.locator('.reader-text .hl').count()).toBeGreaterThan(5);
    const starts = await page.$$eval('[data-claim]', (els) => els.map((e) => Number(e.getAttribute('data-claim'))));
    expect(starts.length).toBe(11);
    await shot(page, '02-reader');
  });

  it('creates a claim from a mouse selection, with a claimant found by an alias spelling, linked to an event as contradicting', async () => {
    const { page } = b;
    await dragSelect(page, QUOTE);
    await page.waitForSelector('[data-testid=claim-form]');
    expect(await page.textContent('[data-testid=form-quote]')).toBe(QUOTE);
    // The claimant picker has the focus; "al-Shaybani" is an alias of Asaad al-Shaibani.
    await page.keyboard.type('al-Shaybani');
    await page.waitForSelector('[role=listbox] [role=option]:has-text("Asaad al-Shaibani")');
    await shot(page, '03-claimant-picker');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=claimant-picked]:has-text("Asaad al-Shaibani")');
    await page.fill('[data-testid=paraphrase]', 'The talks were about protecting Syria’s future interests.');
    await page.click('[data-testid=event]');
    await page.keyboard.type('Assad arrives Moscow');
    await page.waitForSelector(`[role=option]:has-text("${EVENT}")`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid=event-picked]:has-text("${EVENT}")`);
    await page.check('[data-testid=stance-contradicts]');
    await shot(page, '04-claim-form');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=claim-form]', { state: 'detached' });
    const detail = page.locator('[data-testid=claim-detail]');
    await expect(detail.textContent()).resolves.toContain('Asaad al-Shaibani');
    await expect(detail.textContent()).resolves.toContain(EVENT);
    claimId = Number(await page.locator('.claim-card.selected').getAttribute('data-claim'));
    expect(claimId).toBeGreaterThan(0);
    // The highlight of the new claim covers exactly the quote.
    const highlighted = await page.$$eval(`[data-c~="${claimId}"]`, (els) => els.map((e) => e.textContent).join(''));
    expect(highlighted).toBe(QUOTE);
    await shot(page, '05-claim-created');
  });

  it('shows the event with the claims grouped by stance, the values side by side and the open dispute', async () => {
    const { page } = b;
    await page.click(`[data-testid=claim-detail] a:has-text("${EVENT}")`);
    await page.waitForSelector('[data-testid=dispute]');
    expect(await page.textContent('[data-testid=dispute]')).toMatch(/open/);
    expect(await page.textContent('[data-testid=stance-contradicts]')).toContain(QUOTE);
    expect(await page.locator('[data-testid=stance-supports] li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=asserted-table] tbody tr').count()).toBe(2);
    await shot(page, '06-event');
  });

  it('keeps annotators out of the review queue', async () => {
    const { page } = b;
    expect(await page.locator('nav[aria-label=Main] a:has-text("Review")').count()).toBe(0);
    await visit(page, `${app.url}/review`);
    await page.waitForSelector('[data-testid=forbidden]');
  });

  it('lets a reviewer find the dispute in the queue and decide it, then opens the next one', async () => {
    const { page } = b;
    await signOut(page, app);
    await signIn(page, app, 'reviewer');
    await page.click('nav[aria-label=Main] a:has-text("Review")');
    await page.waitForSelector('html[data-queue-ready]');
    const item = page.locator(`[data-testid=queue-list] li:has-text("${EVENT}")`);
    await item.locator('button').click();
    const view = page.locator('[data-testid=dispute-view]');
    await expect(view.locator('h2').textContent()).resolves.toContain(EVENT);
    disputeId = Number(await view.getAttribute('data-dispute-id'));
    const claims = view.locator('[data-testid=dispute-claim]');
    expect(await claims.count()).toBe(2);
    expect(await view.textContent()).toContain(QUOTE);
    await shot(page, '07-review');
    // Rate every claim (the one from the demo by click, ours by keyboard: focus its card and press 5 = False).
    const ids = await claims.evaluateAll((els) => els.map((e) => e.querySelector('input[type=radio]')!.getAttribute('name')!.replace('rating-', '')));
    for (const id of ids) {
      if (Number(id) === claimId) {
        await page.focus(`[data-testid=rate-${id}-true]`);
        await page.keyboard.press('5');
      } else {
        await page.click(`label:has([data-testid=rate-${id}-mostly-true])`);
      }
    }
    expect(await page.isChecked(`[data-testid=rate-${claimId}-false]`)).toBe(true);
    await page.fill('[data-testid=rationale]', 'Moscow confirmed the asylum; the minister’s remark is about something else.');
    await page.fill('[data-testid=evidence]', 'https://example.org/tass-asylum');
    await page.click('[data-testid=decide]');
    await page.waitForFunction((id) => {
      const shown = document.querySelector('[data-testid=dispute-view]')?.getAttribute('data-dispute-id');
      return shown && shown !== String(id);
    }, disputeId);
    await page.waitForSelector(`[data-testid=queue-list] li[data-dispute="${disputeId}"]`, { state: 'detached' });
    // The next dispute is shown in full (the list carries only counts), ready to rate from the keyboard.
    const next = await view.getAttribute('data-dispute-id');
    expect(await page.locator(`[data-testid=queue-list] li[data-dispute="${next}"]`).getAttribute('class')).toContain('current');
    await page.waitForFunction(() => document.activeElement?.matches('.dispute-view input[type=radio]') ?? false);
    expect(await view.locator('[data-testid=dispute-claim]').count()).toBeGreaterThan(0);
    await shot(page, '08-next-dispute');
    // n and p (from the focused rating) walk the queue, each dispute shown with its claims and its first rating focused.
    const listed = await page.locator('[data-testid=queue-list] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-dispute')!));
    const after = listed[listed.indexOf(next!) + 1];
    expect(after).toBeDefined();
    await page.keyboard.press('n');
    await page.waitForSelector(`[data-testid=dispute-view][data-dispute-id="${after}"] [data-testid=dispute-claim]`);
    await page.waitForFunction((id) => document.activeElement?.closest(`[data-dispute-id="${id}"]`) !== null, after);
    await page.keyboard.press('p');
    await page.waitForSelector(`[data-testid=dispute-view][data-dispute-id="${next}"] [data-testid=dispute-claim]`);
  });

  it('refuses a decision on a dispute that changed meanwhile, each time, and records it after a reload', async () => {
    const { page } = b;
    const view = page.locator('[data-testid=dispute-view]');
    const id = Number(await view.getAttribute('data-dispute-id'));
    const eventId = Number((await view.locator('h2 a').getAttribute('href'))!.split('/').pop());
    // Someone adds a claim contradicting the event: the dispute takes it in (a new version).
    let offset = 0;
    const elsewhere = async () => {
      const claim = await trpcCall<{ result: { data: { id: number } } }>(page, 'claim.create', { sourceId: 1, start: offset, end: offset + 3 }, 'mutation');
      offset += 4;
      expect(claim.status).toBe(200);
      const link = await trpcCall(page, 'link.create', { claimId: claim.body.result.data.id, eventId, stance: 'contradicts' }, 'mutation');
      expect(link.status).toBe(200);
    };
    const rateAll = async () => {
      const ids = await view
        .locator('[data-testid=dispute-claim]')
        .evaluateAll((els) => els.map((e) => e.querySelector('input[type=radio]')!.getAttribute('name')!.replace('rating-', '')));
      for (const c of ids) await page.click(`label:has([data-testid=rate-${c}-unverifiable])`);
    };
    await rateAll();
    await page.fill('[data-testid=rationale]', 'Not enough to go on.');
    await elsewhere();
    await page.click('[data-testid=decide]');
    await page.waitForSelector('[data-testid=conflict]:has-text("Someone else changed this dispute")');
    await page.click('[data-testid=conflict] button');
    await page.waitForSelector('[data-testid=conflict]:has-text("Reloaded")');
    expect(await page.inputValue('[data-testid=rationale]')).toBe('Not enough to go on.');
    // It changes again before the decision is recorded: refused again, with a reload offered again.
    await elsewhere();
    await rateAll();
    await page.click('[data-testid=decide]');
    await page.waitForSelector('[data-testid=conflict]:has-text("Someone else changed this dispute")');
    await page.click('[data-testid=conflict] button');
    await page.waitForSelector('[data-testid=conflict]:has-text("Reloaded")');
    await rateAll();
    await page.click('[data-testid=decide]');
    await page.waitForSelector(`[data-testid=queue-list] li[data-dispute="${id}"]`, { state: 'detached' });
  });

  it('shows the dispute’s history: opened when the claim arrived, resolved by the reviewer', async () => {
    const { page } = b;
    await visit(page, `${app.url}/history/dispute/${disputeId}`);
    const text = (await page.textContent('[data-testid=history]'))!;
    expect(text).toMatch(/resolved dispute/);
    expect(text).toMatch(/opened dispute/);
    expect(text).toMatch(/reviewer/);
    await shot(page, '09-history-dispute');
    await visit(page, `${app.url}/history/claim/${claimId}`);
    expect(await page.textContent('[data-testid=history]')).toMatch(/created claim/);
    await shot(page, '10-history-claim');
  });

  it('raised no errors in the page', () => {
    expect(b.errors).toEqual([]);
  });
});
