import { expect, type APIRequestContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import crypto from 'node:crypto';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO = {
  admin: { email: 'admin@demo.test', home: /Program admin/ },
  moderator: { email: 'mod@demo.test', home: /Moderation/ },
  advocate: { email: 'ada@demo.test', home: /Welcome, Ada/ },
  requester: { email: 'sales@demo.test', home: /Reference requests/ },
} as const;

export function uniqueEmail(prefix = 'e2e'): string {
  return `${prefix}-${crypto.randomBytes(4).toString('hex')}@example.com`;
}

export async function signInUi(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** An API request context signed in as the demo admin (cookies kept in the context). */
export async function adminApi(request: APIRequestContext) {
  const r = await request.post('/api/auth/login', { data: { email: DEMO.admin.email, password: DEMO_PASSWORD } });
  expect(r.status()).toBe(200);
  return request;
}

/** Serious and critical WCAG 2 A/AA violations on the page (or the part `include` selects), in words. */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  if (include) axe.include(include);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.html).join(' | ')}`);
}
