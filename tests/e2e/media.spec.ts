import { expect, test } from '@playwright/test';
import { DEMO, seriousViolations, signIn } from './fixtures.js';
import { sharp } from '../../server/src/db/kit.js';

// The suite shares one seeded database: this test makes its own challenge.
test('an admin uploads a challenge picture (a bad file is refused by its content) and an advocate sees it', async ({
  page,
  browser,
}) => {
  const title = `Picture day ${Date.now().toString(36)}`;
  await signIn(page, DEMO.admin.email);
  const created = await page.request.post('/api/admin/challenges', {
    data: { title, stages: [{ kind: 'confirm', title: 'Say cheese', points: 5 }], status: 'published' },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).challenge.id as string;

  await page.goto(`/admin/challenges/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit challenge', { timeout: 30_000 });
  const picker = page.getByLabel('Picture', { exact: true });

  // Text dressed up as a PNG: the server reads the content and refuses it.
  await picker.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
  await expect(page.getByText('That file is not a picture we can use.')).toBeVisible();

  const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#1d4ed8' } })
    .png()
    .toBuffer();
  await picker.setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: png });
  const preview = page.getByRole('img', { name: 'Picture: current picture' });
  await expect(preview).toHaveAttribute('src', /^\/media\/[0-9a-f]{32}-1024\.webp$/);
  await expect(page.getByText('That file is not a picture we can use.')).toBeHidden();
  // The picture field (in the Basics card) has no serious accessibility problem.
  expect(await seriousViolations(page, { include: 'section[aria-labelledby="basics-title"]' })).toEqual([]);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved', { exact: true })).toBeVisible();

  const advocate = await (await browser.newContext()).newPage();
  await signIn(advocate, DEMO.advocate.email);
  await advocate.goto(`/challenges/${id}`);
  await expect(advocate.getByRole('heading', { level: 1 })).toHaveText(title);
  const hero = advocate.getByTestId('challenge-hero');
  await expect(hero).toHaveAttribute('src', /^\/media\/[0-9a-f]{32}-1024\.webp$/);
  await expect.poll(() => hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
  await advocate.context().close();
});
