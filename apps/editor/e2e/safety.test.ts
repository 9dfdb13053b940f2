// Untrusted text stays text; right-to-left sources read and anchor correctly; roles hold in the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragSelect, openBrowser, shot, signIn, signOut, startApp, trpcCall, type App, type Browser, visit } from './harness.ts';

let app: App;
let b: Browser;

beforeAll(async () => {
  app = await startApp('safety');
  b = await openBrowser();
  await signIn(b.page, app, 'annotator');
});
afterAll(async () => {
  await b?.close();
  await app?.stop();
});

async function importByPaste(title: string, outlet: string, text: string): Promise<number> {
  const { page } = b;
  await visit(page, `${app.url}/sources/new`);
  await page.fill('#source-title', title);
  await page.fill('input[name=outlet]', outlet);
  await page.fill('#source-text', text);
  await page.locator('#source-text').blur();
  await Promise.all([page.waitForURL(/\/sources\/\d+/), page.click('[data-testid=import]')]);
  await page.waitForSelector('html[data-reader-ready]');
  return Number(new URL(page.url()).pathname.split('/').pop());
}

const XSS = [
  'An ordinary first line.',
  '<script>window.__xss = (window.__xss || 0) + 1; alert("script")</script>',
  'Then an image: <img src=x onerror="window.__xss = (window.__xss || 0) + 10; alert(\'img\')"> and <b>bold</b> &amp; an entity.',
  '<iframe src="javascript:alert(1)"></iframe><svg onload="window.__xss=100"></svg>',
].join('\n\n');

describe('untrusted text', () => {
  it('shows a source with <script> and <img onerror> literally and runs nothing', async () => {
    const { page } = b;
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const id = await importByPaste('<img src=x onerror=alert(1)> title', '<script>alert(2)</script> outlet', XSS);
    const text = (await page.textContent('[data-testid=source-text]'))!;
    expect(text).toContain('<script>window.__xss = (window.__xss || 0) + 1; alert("script")</script>');
    expect(text).toContain('<img src=x onerror="window.__xss');
    expect(text).toContain('&amp; an entity');
    expect(await page.textContent('[data-testid=source-title]')).toBe('<img src=x onerror=alert(1)> title');
    // Annotate the <img …> span: the highlight is drawn from offsets as text, still inert.
    await dragSelect(page, '<img src=x onerror="window.__xss = (window.__xss || 0) + 10; alert(\'img\')">');
    await page.waitForSelector('[data-testid=claim-form]');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=claim-form]', { state: 'detached' });
    const hl = await page.$$eval('.reader-text [data-c]', (els) => els.map((e) => e.textContent).join(''));
    expect(hl).toContain('<img src=x onerror=');
    await visit(page, `${app.url}/`);
    expect(await page.textContent('[data-testid=source-list]')).toContain('<img src=x onerror=alert(1)> title');
    await visit(page, `${app.url}/sources/${id}`);
    await page.waitForSelector('html[data-reader-ready]');
    const counts = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss ?? 0,
      scripts: document.querySelectorAll('main script').length,
      imgs: document.querySelectorAll('main img, main iframe, main svg').length,
    }));
    expect(counts).toEqual({ xss: 0, scripts: 0, imgs: 0 });
    expect(dialogs).toBe(0);
    await shot(page, '11-xss-inert');
  });
});

const ARABIC = [
  'وزير الخارجية السوري يكشف عن لقاء مع الروس قبل سقوط الأسد 👍🏽',
  'قال وزير الخارجية أسعد الشيباني إن الاجتماع عُقد في معبر باب الهوى يوم 6 ديسمبر.',
  'وأضاف أن الاتصال مع موسكو لم ينقطع أبداً.',
].join('\n\n');
const AR_QUOTE = 'إن الاجتماع عُقد في معبر باب الهوى يوم 6 ديسمبر';

describe('right-to-left text', () => {
  it('lays an Arabic source out right to left and anchors a mouse selection at the right code points', async () => {
    const { page } = b;
    const id = await importByPaste('لقاء باب الهوى', 'الجزيرة', ARABIC);
    const dirs = await page.$$eval('.reader-text p', (ps) => ps.map((p) => [p.getAttribute('dir'), getComputedStyle(p).direction]));
    expect(dirs).toEqual([
      ['auto', 'rtl'],
      ['auto', 'rtl'],
      ['auto', 'rtl'],
    ]);
    expect(await page.getAttribute('.reader-text-wrap', 'lang')).toBe('ar');
    await dragSelect(page, AR_QUOTE);
    await page.waitForSelector('[data-testid=claim-form]');
    expect(await page.textContent('[data-testid=form-quote]')).toBe(AR_QUOTE);
    await page.keyboard.type('الشيباني');
    await page.waitForSelector('[role=option]:has-text("Asaad al-Shaibani")');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=claimant-picked]');
    await shot(page, '12-arabic-form');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=claim-form]', { state: 'detached' });
    const { body } = await trpcCall<{ result: { data: { items: { id: number; start: number; end: number; quote: string }[] } } }>(page, 'claim.listBySource', {
      sourceId: id,
    });
    const [claim] = body.result.data.items;
    // Code points, not UTF-16 units: the emoji with its skin-tone modifier is 2 code points but 4 units.
    const stored = (await trpcCall<{ result: { data: { text: string } } }>(page, 'source.get', { id })).body.result.data.text;
    const at = stored.indexOf(AR_QUOTE);
    expect(claim!.quote).toBe(AR_QUOTE);
    expect(claim!.start).toBe([...stored.slice(0, at)].length);
    expect(claim!.start).toBe(at - 2);
    expect(claim!.end - claim!.start).toBe([...AR_QUOTE].length);
    const highlighted = await page.$$eval(`[data-c~="${claim!.id}"]`, (els) => els.map((e) => e.textContent).join(''));
    expect(highlighted).toBe(AR_QUOTE);
    await shot(page, '13-arabic-reader');
  });

  it('keeps overlapping claims visible and selectable: clicks on the shared words cycle through them', async () => {
    const { page } = b;
    const OVERLAP = 'أسعد الشيباني إن الاجتماع عُقد';
    await dragSelect(page, OVERLAP);
    await page.waitForSelector('[data-testid=claim-form]');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=claim-form]', { state: 'detached' });
    const shared = page.locator('.reader-text .hl.d2');
    expect(await shared.count()).toBeGreaterThan(0);
    const ids = ((await shared.first().getAttribute('data-c')) ?? '').split(' ').map(Number);
    expect(ids).toHaveLength(2);
    const selected = async () => Number(await page.locator('.claim-card.selected').getAttribute('data-claim'));
    await shared.first().click();
    const first = await selected();
    await shared.first().click();
    const second = await selected();
    expect(new Set([first, second])).toEqual(new Set(ids));
    await shot(page, '15-overlap');
  });
});

describe('roles', () => {
  it('refuses an annotator the review queue in the page and in the API', async () => {
    const { page } = b;
    expect(await page.locator('nav[aria-label=Main] a:has-text("Review")').count()).toBe(0);
    await visit(page, `${app.url}/review`);
    expect(await page.textContent('[data-testid=forbidden]')).toMatch(/needs the reviewer role/);
    expect(await page.locator('[data-testid=dispute-view]').count()).toBe(0);
    const r = await trpcCall(page, 'review.queue', {});
    expect(r.status).toBe(403);
    await shot(page, '14-annotator-no-review');
  });

  it('sends a signed-out visitor to sign in and back to the page they asked for', async () => {
    const { page } = b;
    await signOut(page, app);
    await page.goto(`${app.url}/actors`);
    await page.waitForURL(`${app.url}/login?next=%2Factors`);
    await page.waitForSelector('html[data-keys-ready]', { state: 'attached' });
    await page.fill('input[name=email]', 'annotator@claimline.test');
    await page.fill('input[name=password]', 'annotator-demo-pass');
    await Promise.all([page.waitForURL(`${app.url}/actors`), page.click('main button[type=submit]')]);
    expect(await page.textContent('[data-testid=current-user]')).toMatch(/annotator/);
  });

  it('raised no errors in the page', () => {
    expect(b.errors).toEqual([]);
  });
});
