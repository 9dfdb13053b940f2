// Account management in the browser: an admin adds a user on the Users page; that user changes their own
// password on the Account page; the admin resets it (the user's session ends) and disables the account.
// Annotators see neither the Users page nor the whole-database export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, shot, signIn, startApp, trpcCall, visit, type App, type Browser } from './harness.ts';

let app: App;
let admin: Browser;
let nadia: Browser;

beforeAll(async () => {
  app = await startApp('accounts');
  [admin, nadia] = await Promise.all([openBrowser(), openBrowser()]);
  await signIn(admin.page, app, 'admin');
});
afterAll(async () => {
  await Promise.all([admin?.close(), nadia?.close()]);
  await app?.stop();
});

async function signInAs(b: Browser, email: string, password: string) {
  await visit(b.page, `${app.url}/login`);
  await b.page.fill('input[name=email]', email);
  await b.page.fill('input[name=password]', password);
  await b.page.click('main button[type=submit]');
}

const row = (b: Browser, email: string) => b.page.locator(`[data-testid=users-table] tr[data-user="${email}"]`);

describe('the users page and the change-password form', () => {
  it('an admin adds a user from the Users page in the nav', async () => {
    const { page } = admin;
    await page.click('nav[aria-label=Main] a:has-text("Users")');
    await page.waitForSelector('[data-testid=users-table]');
    expect(await page.locator('[data-testid=users-table] tbody tr').count()).toBe(3);
    await page.click('[data-testid=add-user]');
    await page.fill('[data-testid=new-user] input[name=email]', 'nadia@example.org');
    await page.fill('[data-testid=new-user] input[name=name]', 'Nadia');
    await page.fill('[data-testid=new-user] input[name=password]', 'short');
    await page.click('[data-testid=new-user] button[type=submit]');
    expect(await page.textContent('[data-testid=new-user] [data-field-error=password]')).toMatch(/at least 10 characters/);
    await page.fill('[data-testid=new-user] input[name=password]', 'first-pass-123');
    await page.click('[data-testid=new-user] button[type=submit]');
    await row(admin, 'nadia@example.org').waitFor();
    expect(await row(admin, 'nadia@example.org').textContent()).toMatch(/Nadia.*annotator.*active/);
    await shot(page, '40-users');
  });

  it('the new user changes their own password: the current one is checked', async () => {
    const { page } = nadia;
    await signInAs(nadia, 'nadia@example.org', 'first-pass-123');
    await page.waitForURL(`${app.url}/`);
    expect(await page.locator('nav[aria-label=Main] a:has-text("Users")').count()).toBe(0);
    await page.click('[data-testid=current-user]');
    await page.waitForSelector('[data-testid=change-password]');
    await page.fill('input[name=currentPassword]', 'not-my-password');
    await page.fill('input[name=newPassword]', 'second-pass-123');
    await page.fill('input[name=repeat]', 'second-pass-123');
    await page.click('[data-testid=change-password] button[type=submit]');
    expect(await page.textContent('[data-field-error=currentPassword]')).toMatch(/not your current password/);
    await page.fill('input[name=currentPassword]', 'first-pass-123');
    await page.click('[data-testid=change-password] button[type=submit]');
    expect(await page.textContent('[data-testid=password-changed]')).toMatch(/Your password is changed/);
    await shot(page, '41-account');
    // Still signed in (this session stays), and the page still works.
    await visit(page, `${app.url}/actors`);
    expect(await page.textContent('[data-testid=current-user]')).toMatch(/Nadia/);
  });

  it('annotators cannot open the Users page nor export the whole database', async () => {
    const { page } = nadia;
    await visit(page, `${app.url}/users`);
    expect(await page.textContent('[data-testid=forbidden]')).toMatch(/needs the admin role/);
    expect((await trpcCall(page, 'user.list', undefined)).status).toBe(403);
    await visit(page, `${app.url}/export`);
    expect(await page.locator('[data-testid=export-needs-slice]').count()).toBe(1);
    expect(await page.locator('[data-testid=export-formats]').count()).toBe(0);
    const status = (url: string) => page.evaluate(async (u) => (await fetch(u)).status, url);
    expect(await status('/api/export?format=json')).toBe(403);
    expect(await status('/api/export?format=json&source=1')).toBe(200);
  });

  it('an admin resets the password (the user is signed out) and disables the account', async () => {
    const { page } = admin;
    await visit(page, `${app.url}/users`);
    await row(admin, 'nadia@example.org').locator('[data-testid=edit-user]').click();
    await page.fill('[data-testid=user-form] input[name=password]', 'reset-pass-123');
    expect(await page.textContent('[data-testid=user-form]')).toMatch(/signs Nadia out everywhere/);
    await page.click('[data-testid=user-form] button[type=submit]');
    await page.waitForSelector('[data-testid=user-form]', { state: 'detached' });
    // Nadia's session has ended: the next page asks her to sign in.
    await nadia.page.goto(`${app.url}/actors`);
    await nadia.page.waitForURL(/\/login/);
    await signInAs(nadia, 'nadia@example.org', 'reset-pass-123');
    await nadia.page.waitForURL(`${app.url}/`);

    await row(admin, 'nadia@example.org').locator('[data-testid=edit-user]').click();
    await page.check('[data-testid=user-form] input[name=disabled]');
    await page.click('[data-testid=user-form] button[type=submit]');
    await page.waitForSelector('[data-testid=user-form]', { state: 'detached' });
    expect(await row(admin, 'nadia@example.org').textContent()).toMatch(/disabled/);
    await nadia.page.goto(`${app.url}/actors`);
    await nadia.page.waitForURL(/\/login/);
    await signInAs(nadia, 'nadia@example.org', 'reset-pass-123');
    await nadia.page.waitForSelector('main [role=alert]');
    expect(await nadia.page.textContent('main [role=alert]')).toMatch(/disabled/);
  });

  it('the history of a user shows the admin’s changes', async () => {
    const { page } = admin;
    const id = Number(
      await page.evaluate(async () => {
        const r = await fetch('/api/trpc/user.list');
        const body = (await r.json()) as { result: { data: { id: number; email: string }[] } };
        return body.result.data.find((u) => u.email === 'nadia@example.org')!.id;
      }),
    );
    await visit(page, `${app.url}/history/user/${id}`);
    expect(await page.textContent('[data-testid=history]')).toMatch(/nadia@example\.org/);
  });

  it('a stale save is refused each time someone else saved first, and saves after a reload', async () => {
    const { page } = admin;
    await visit(page, `${app.url}/users`);
    const id = Number(
      await page.evaluate(async () => {
        const r = await fetch('/api/trpc/user.list');
        const body = (await r.json()) as { result: { data: { id: number; email: string }[] } };
        return body.result.data.find((u) => u.email === 'annotator@claimline.test')!.id;
      }),
    );
    const elsewhere = async (name: string) => {
      const current = await trpcCall<{ result: { data: { version: number } } }>(page, 'user.get', { id });
      expect((await trpcCall(page, 'user.update', { id, version: current.body.result.data.version, name }, 'mutation')).status).toBe(200);
    };
    await row(admin, 'annotator@claimline.test').locator('[data-testid=edit-user]').click();
    // A taken e-mail is a refusal beside the field, not someone else's change.
    await page.fill('[data-testid=user-form] input[name=email]', 'reviewer@claimline.test');
    await page.click('[data-testid=user-form] button[type=submit]');
    await page.waitForSelector('[data-testid=user-form] [data-field-error=email]');
    expect(await page.textContent('[data-testid=user-form] [data-field-error=email]')).toMatch(/another user/);
    expect(await page.locator('[data-testid=conflict]').count()).toBe(0);
    await page.fill('[data-testid=user-form] input[name=email]', 'annotator@claimline.test');
    await page.fill('[data-testid=user-form] input[name=name]', 'Anna Tator');
    await elsewhere('Renamed elsewhere');
    await page.click('[data-testid=user-form] button[type=submit]');
    await page.waitForSelector('[data-testid=conflict]:has-text("Someone else changed this user")');
    await page.click('[data-testid=conflict] button');
    await page.waitForSelector('[data-testid=conflict]:has-text("Reloaded")');
    expect(await page.textContent('[data-testid=user-form]')).toContain('Renamed elsewhere');
    expect(await page.inputValue('[data-testid=user-form] input[name=name]')).toBe('Anna Tator');
    // Someone saves again before this form does: refused again, with a reload offered again.
    await elsewhere('Renamed again');
    await page.click('[data-testid=user-form] button[type=submit]');
    await page.waitForSelector('[data-testid=conflict]:has-text("Someone else changed this user")');
    await page.click('[data-testid=conflict] button');
    await page.waitForSelector('[data-testid=conflict]:has-text("Reloaded")');
    expect(await page.textContent('[data-testid=user-form]')).toContain('Renamed again');
    await page.click('[data-testid=user-form] button[type=submit]');
    await page.waitForSelector('[data-testid=user-form]', { state: 'detached' });
    expect(await row(admin, 'annotator@claimline.test').textContent()).toContain('Anna Tator');
  });

  it('raised no errors in the pages', () => {
    expect(admin.errors).toEqual([]);
    expect(nadia.errors).toEqual([]);
  });
});
