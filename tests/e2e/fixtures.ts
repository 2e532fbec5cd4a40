import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
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

/** Signs in through the sign-in form: for the tests about signing in (auth.spec.ts and a few flows). */
export async function signInUi(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Signs the page's browser context in through the API (the same cookies the sign-in form gets, in a
 * fraction of the time: no sign-in page and no home page to load). A session of its own per call, so
 * a test that signs out or ends its session never touches another test's. Where signing in is not
 * what the test is about; the form itself is covered by auth.spec.ts. Go to a page afterwards.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  const r = await page.request.post('/api/auth/login', { data: { email, password } });
  expect(r.status(), `sign-in of ${email}`).toBe(200);
}

/** An API request context signed in as the demo admin (cookies kept in the context). */
export async function adminApi(request: APIRequestContext) {
  const r = await request.post('/api/auth/login', { data: { email: DEMO.admin.email, password: DEMO_PASSWORD } });
  expect(r.status()).toBe(200);
  return request;
}

/**
 * The serious and critical axe violations on the page (WCAG 2 A and AA rules unless `tags` says
 * otherwise; `tags: null` runs every rule), one line each.
 *
 * axe runs in the page itself (`setLegacyMode`): same rules and results on our pages, which have no
 * cross-origin frames, without the blank page the default mode opens, and fills with axe again, to
 * merge the frames' results: about half the time of a scan.
 */
export async function seriousViolations(
  page: Page,
  { include, tags = ['wcag2a', 'wcag2aa'] }: { include?: string; tags?: string[] | null } = {},
): Promise<string[]> {
  const axe = new AxeBuilder({ page }).setLegacyMode();
  if (tags) axe.withTags(tags);
  if (include) axe.include(include);
  const { violations } = await axe.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.html).join(' | ')}`);
}

/**
 * The lowest text contrast inside `box` (each text element's colour against the box's own
 * background, composited over white), with the text it belongs to. axe leaves text on
 * semi-transparent or blurred backgrounds (toasts) as "incomplete"; this measures it.
 */
export async function lowestTextContrast(box: Locator): Promise<{ ratio: number; text: string }> {
  return box.evaluate((root) => {
    const rgba = (css: string): [number, number, number, number] => {
      const rgb = css.match(/^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/);
      if (rgb) return [+rgb[1]!, +rgb[2]!, +rgb[3]!, rgb[4] === undefined ? 1 : +rgb[4]];
      const srgb = css.match(/^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/);
      if (srgb) return [+srgb[1]! * 255, +srgb[2]! * 255, +srgb[3]! * 255, srgb[4] === undefined ? 1 : +srgb[4]];
      throw new Error(`unknown colour ${css}`);
    };
    const over = (top: number[], under: number[]) =>
      top.slice(0, 3).map((c, i) => c * top[3]! + under[i]! * (1 - top[3]!));
    const luminance = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const background = over(rgba(getComputedStyle(root).backgroundColor), [255, 255, 255]);
    let lowest = { ratio: Infinity, text: '' };
    for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (!own) continue;
      const fg = over(rgba(getComputedStyle(el).color), background);
      const [hi, lo] = [luminance(fg), luminance(background)].sort((a, b) => b - a);
      const ratio = (hi! + 0.05) / (lo! + 0.05);
      if (ratio < lowest.ratio) lowest = { ratio: Math.round(ratio * 100) / 100, text: el.textContent!.trim() };
    }
    return lowest;
  });
}

/**
 * A screenshot for the README or for a person looking at a screen, only when asked for
 * (`SCREENSHOTS_DIR=docs/screenshots`): a test run does not spend time on pictures nobody reads.
 */
export async function shot(what: Page | Locator, name: string, { fullPage = true }: { fullPage?: boolean } = {}) {
  const dir = process.env.SCREENSHOTS_DIR;
  if (!dir) return;
  const path = `${dir}/${name}.png`;
  if ('goto' in what) await what.screenshot({ path, fullPage });
  else await what.screenshot({ path });
}
