import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:4317';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const mode = process.argv[2];
if (mode === 'login') {
  const page = await browser.newPage();
  const msgs = [];
  page.on('console', (m) => msgs.push(`${m.type()}: ${m.text()}`));
  page.on('response', (r) => { if (r.status() >= 400) msgs.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(base + '/login'); await page.waitForTimeout(1500);
  console.log(msgs.join('\n') || 'no console messages');
  await page.goto(base + '/join'); await page.waitForTimeout(800);
  console.log((await page.locator('main').innerText()).slice(0, 800));
} else {
  const routes = (process.argv[3] ?? '/admin/members,/admin/challenges,/admin/rewards,/admin/reviews,/admin/redemptions,/admin/badges,/admin/levels,/admin/groups,/admin/segments,/admin/join-codes,/admin/audit,/admin/community,/moderation').split(',');
  for (const w of (process.argv[4] ?? '1280,1440,390').split(',').map(Number)) {
    const ctx = await browser.newContext({ viewport: { width: w, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(base + '/login');
    await page.getByLabel('Email').fill(mode || 'admin@demo.test');
    await page.getByLabel('Password', { exact: true }).fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    for (const r of routes) {
      await page.goto(base + r); await page.waitForLoadState('networkidle');
      const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: innerWidth }));
      const shot = `/tmp/polish/${r.replace(/\//g, '_')}-${w}.png`;
      await page.screenshot({ path: shot, fullPage: false });
      console.log(w, r, m.sw - m.iw > 0 ? `OVERFLOW ${m.sw - m.iw}` : 'ok', shot);
    }
    await ctx.close();
  }
}
await browser.close();
