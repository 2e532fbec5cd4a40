import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { adminApi, DEMO, signIn } from './fixtures';

/**
 * A page on another port of the same site (same host, so the browser sends the SameSite=Lax session
 * cookie) tries to change state with the admin's session: a no-cors fetch and a text/plain form post.
 * The hub refuses both, and the admin's draft stays a draft.
 */
test('a page on another port cannot publish a draft or sign the admin out with the session cookie', async ({
  page,
  request,
  baseURL,
}) => {
  const api = await adminApi(request);
  const created = await api.post('/api/admin/challenges', {
    data: { title: 'CSRF target draft', status: 'draft', stages: [{ kind: 'confirm', title: 'Go', points: 5 }] },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).challenge.id as string;

  await signIn(page, DEMO.admin.email);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: DEMO.admin.home })).toBeVisible();

  const hub = new URL(baseURL!);
  const attack = `<!doctype html><title>attacker</title><body>
    <form id="f" method="post" enctype="text/plain" target="sink" action="${hub.origin}/api/admin/challenges/${id}/publish">
      <input name="a" value="b"></form><iframe name="sink"></iframe>
    <script>
      window.results = Promise.all([
        fetch('${hub.origin}/api/admin/challenges/${id}/publish', { method: 'POST', mode: 'no-cors', credentials: 'include',
          headers: { 'content-type': 'text/plain' }, body: '' }).then(() => 'sent', () => 'blocked'),
        fetch('${hub.origin}/api/admin/challenges/${id}/duplicate', { method: 'POST', mode: 'no-cors', credentials: 'include' })
          .then(() => 'sent', () => 'blocked'),
        fetch('${hub.origin}/api/auth/logout', { method: 'POST', mode: 'no-cors', credentials: 'include' })
          .then(() => 'sent', () => 'blocked'),
      ]).then((r) => { document.getElementById('f').submit(); return r; });
    </script></body>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attack));
  await new Promise<void>((resolve) => server.listen(0, hub.hostname, resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const attacker = await page.context().newPage();
    // The form post lands in the iframe: the hub has answered it once its response is in.
    const formAnswered = attacker.waitForResponse(
      (r) => r.request().resourceType() === 'document' && r.url().endsWith(`/api/admin/challenges/${id}/publish`),
    );
    await attacker.goto(`http://${hub.hostname}:${port}/`);
    await attacker.evaluate(() => (window as unknown as { results: Promise<string[]> }).results);
    await formAnswered;
    await attacker.close();
  } finally {
    server.close();
  }

  const after = await api.get(`/api/admin/challenges/${id}`);
  expect((await after.json()).challenge.status).toBe('draft');
  const copies = await api.get(`/api/admin/challenges?q=${encodeURIComponent('CSRF target draft')}`);
  expect((await copies.json()).challenges).toHaveLength(1);
  // The admin is still signed in: the cross-site sign-out was refused.
  await page.reload();
  await expect(page.getByRole('heading', { name: DEMO.admin.home })).toBeVisible();
});
