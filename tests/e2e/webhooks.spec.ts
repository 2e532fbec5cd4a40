import http from 'node:http';
import { expect, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { DEMO, seriousViolations, shot, signIn } from './fixtures.js';

// A receiver on the port scripts/e2e.mjs allowed (WEBHOOK_ALLOW_HOSTS), verifying what it gets.
const PORT = Number(process.env.E2E_WEBHOOK_PORT ?? 0);
const received: { headers: Record<string, string>; body: string }[] = [];
/** What the receiver got of the test events (other specs' events may reach the endpoint too). */
const tests = () => received.filter((r) => (JSON.parse(r.body) as { type: string }).type === 'webhook.test');
let server: http.Server;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});
test.afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

test('an admin adds an endpoint, sends a test event, sees it delivered and replays it', async ({ page }) => {
  expect(PORT, 'run through scripts/e2e.mjs, which picks the receiver port and allows it').toBeGreaterThan(0);
  test.slow();
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/webhooks');
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
  // The demo's disabled example endpoint is listed.
  await expect(page.getByRole('link', { name: 'https://crm.example.com/hooks/advocate-hub' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'webhooks-list');

  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const dialog = page.getByRole('dialog');
  const url = `http://127.0.0.1:${PORT}/hooks/e2e-${Date.now()}`;
  await dialog.getByLabel('Endpoint URL').fill(url);
  await dialog.getByLabel('Description').fill('E2E receiver');
  await dialog.getByLabel('redemption.requested').check();
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  const secretField = dialog.getByLabel('Signing secret (shown once)');
  await expect(secretField).toHaveValue(/^whsec_/);
  const secret = await secretField.inputValue();
  await shot(page, 'webhooks-secret');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('link', { name: url }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Webhook endpoint' })).toBeVisible();
  // The secret is not shown again.
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.getByRole('button', { name: 'Send test event' }).click();
  const log = page.getByRole('list', { name: 'Deliveries, newest first' });
  const first = log.getByTestId('webhook-delivery').first();
  await expect(first).toContainText('webhook.test');
  await expect(first).toContainText('Delivered');
  await expect.poll(() => tests().length).toBe(1);
  const [sent, replayed] = [tests()[0]!, () => tests()[1]!];
  const verified = new Webhook(secret).verify(sent.body, sent.headers) as { type: string };
  expect(verified.type).toBe('webhook.test');

  await first.getByText('Request and response').click();
  await expect(first.getByText('{"received":true}')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'webhooks-detail');

  await first.getByRole('button', { name: /^Replay/ }).click();
  await expect(log.getByTestId('webhook-delivery')).toHaveCount(2);
  await expect(log.getByTestId('webhook-delivery').first()).toContainText('(replay)');
  await expect(log.getByTestId('webhook-delivery').first()).toContainText('Delivered');
  await expect.poll(() => tests().length).toBe(2);
  expect(replayed().headers['webhook-id']).toBe(sent.headers['webhook-id']);
  new Webhook(secret).verify(replayed().body, replayed().headers);
});
