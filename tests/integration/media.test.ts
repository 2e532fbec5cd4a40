/**
 * Uploads and serving, the same tests against both stores: files under DATA_DIR/media, and an
 * S3-compatible bucket (s3rver on a free port, through the AWS SDK the hub uses).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import S3rver from 's3rver';
import { CreateBucketCommand, S3Client, sharp } from '../../server/src/db/kit.js';
import { complete, cookieHeader, createTestApp, makeChallenge, signedIn, type TestApp } from './helpers.js';

type Signed = Awaited<ReturnType<typeof signedIn>>;

/** A multipart/form-data body with one file part. */
export function multipart(body: Buffer, filename = 'file.bin', type = 'application/octet-stream', field = 'file') {
  const boundary = `----ahtest${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, body, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(who: Signed, purpose: string, body: Buffer, filename?: string, type?: string) {
  const m = multipart(body, filename, type);
  return who.as({ method: 'POST', url: `/api/media?purpose=${purpose}`, payload: m.payload, headers: m.headers });
}

const picture = (format: 'jpeg' | 'png', width = 300, height = 200) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    [format]()
    .toBuffer();

const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function startS3() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ah-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new CreateBucketCommand({ Bucket: 'hub-media' }));
  client.destroy();
  return {
    env: { S3_URL: `http://S3RVER:S3RVER@127.0.0.1:${port}/hub-media` },
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe.each(['local', 's3'] as const)('media uploads on the %s store', (backend) => {
  let t: TestApp;
  let admin: Signed;
  let advocate: Signed;
  let other: Signed;
  let dataDir: string;
  let s3: Awaited<ReturnType<typeof startS3>> | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ah-media-'));
    if (backend === 's3') s3 = await startS3();
    t = await createTestApp({}, { DATA_DIR: dataDir, ...(s3?.env ?? {}) });
    admin = await signedIn(t, { roles: ['admin'] });
    advocate = await signedIn(t, { roles: ['advocate'] });
    other = await signedIn(t, { roles: ['advocate'] });
  });
  afterAll(async () => {
    await t?.close();
    await s3?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a JPEG with EXIF and GPS comes back upright, as WebP at three sizes, without any metadata', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#3366cc' } })
      .jpeg()
      .withExif({
        IFD0: { Artist: 'Secret Artist', ImageDescription: 'home address' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '48/1 51/1 2400/100',
          GPSLongitudeRef: 'E',
          GPSLongitude: '2/1 21/1 0/1',
        },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const res = await upload(admin, 'challenge', jpeg, 'holiday.jpg', 'image/jpeg');
    expect(res.statusCode, res.body).toBe(201);
    const media = res.json().media;
    expect(media).toMatchObject({ purpose: 'challenge', mime: 'image/webp', private: false, width: 200, height: 400 });
    expect(Object.keys(media.variants).sort()).toEqual(['1024', '256', '64']);
    expect(media.url).toMatch(/^\/media\/[0-9a-f]{32}-1024\.webp$/);
    for (const [size, url] of Object.entries(media.variants as Record<string, string>)) {
      const file = await t.app.inject({ method: 'GET', url });
      expect(file.statusCode).toBe(200);
      const meta = await sharp(file.rawPayload).metadata();
      expect(meta.format).toBe('webp');
      expect(Math.max(meta.width!, meta.height!)).toBe(Math.min(Number(size), 400));
      expect(meta.height! > meta.width!).toBe(true); // turned upright by its orientation
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(file.rawPayload.includes('Secret Artist')).toBe(false);
    }
  });

  it('public pictures are served with immutable caching, their type and nosniff', async () => {
    const res = await upload(admin, 'reward', await picture('png'), 'mug.png', 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    const file = await t.app.inject({ method: 'GET', url: res.json().media.variants['256'] });
    expect(file.statusCode).toBe(200);
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(file.headers['content-type']).toBe('image/webp');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(file.headers['content-length'])).toBe(file.rawPayload.length);
    // The same picture twice has the same content-hash name.
    const again = await upload(admin, 'reward', await picture('png'), 'other-name.png', 'image/png');
    expect(again.json().media.url).toBe(res.json().media.url);
    expect(
      (await t.app.inject({ method: 'GET', url: '/media/0123456789abcdef0123456789abcdef-256.webp' })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/media/..%2F..%2Fetc%2Fpasswd' })).statusCode).toBe(400);
  });

  it('a polyglot (a JPEG carrying an HTML and script payload) comes out as a clean WebP', async () => {
    const payload = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const polyglot = Buffer.concat([await picture('jpeg'), payload]);
    const res = await upload(advocate, 'avatar', polyglot, 'me.html', 'text/html');
    expect(res.statusCode, res.body).toBe(201);
    for (const url of Object.values(res.json().media.variants as Record<string, string>)) {
      const file = await t.app.inject({ method: 'GET', url });
      expect(file.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
      expect(file.rawPayload.subarray(8, 12).toString()).toBe('WEBP');
      expect(file.rawPayload.includes('<script')).toBe(false);
      expect(file.rawPayload.includes('<html')).toBe(false);
    }
  });

  it('SVG, a renamed executable and anything but an image are refused by their content (415)', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), crypto.randomBytes(4096)]);
    for (const [body, name, type] of [
      [svg, 'logo.svg', 'image/svg+xml'],
      [elf, 'photo.jpg', 'image/jpeg'],
      [Buffer.from('just some text that is long enough'), 'photo.png', 'image/png'],
    ] as const) {
      const res = await upload(admin, 'logo', body, name, type);
      expect(res.statusCode, name).toBe(415);
      expect(res.json().error.code).toBe('media.unsupported_type');
    }
    // A PDF is a proof's, not a picture's.
    const pdf = await upload(advocate, 'avatar', MINIMAL_PDF, 'me.pdf', 'application/pdf');
    expect(pdf.statusCode).toBe(415);
    // A JPEG's first bytes with garbage after them do not decode.
    const broken = await upload(
      advocate,
      'avatar',
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]),
    );
    expect(broken.statusCode).toBe(415);
  });

  it('an empty file is 400 media.empty, a request without a file 400 media.missing_file', async () => {
    const res = await upload(advocate, 'avatar', Buffer.alloc(0), 'empty.jpg', 'image/jpeg');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('media.empty');
    const json = await advocate.as({ method: 'POST', url: '/api/media?purpose=avatar', payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('media.missing_file');
    const wrongField = multipart(await picture('png'), 'a.png', 'image/png', 'picture');
    const res2 = await advocate.as({ method: 'POST', url: '/api/media?purpose=avatar', ...wrongField });
    expect(res2.statusCode).toBe(400);
  });

  it('pictures of challenges, rewards, badges and the logo are for admins; avatars and proofs for everyone', async () => {
    const png = await picture('png', 40, 40);
    for (const purpose of ['challenge', 'reward', 'badge', 'logo']) {
      const res = await upload(advocate, purpose, png);
      expect(res.statusCode, purpose).toBe(403);
      expect(res.json().error.code).toBe('media.forbidden');
    }
    expect((await upload(advocate, 'proof', png)).statusCode).toBe(201);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/media?purpose=avatar', ...multipart(png) });
    expect(anonymous.statusCode).toBe(401);
    expect((await upload(advocate, 'wallpaper', png)).statusCode).toBe(400);
  });

  it('a PDF proof is private: its owner and admins read it as an attachment, another advocate gets 403', async () => {
    const res = await upload(advocate, 'proof', MINIMAL_PDF, 'proof.pdf', 'application/pdf');
    expect(res.statusCode, res.body).toBe(201);
    const media = res.json().media;
    expect(media).toMatchObject({
      private: true,
      mime: 'application/pdf',
      variants: {},
      url: `/api/media/${media.id}`,
    });
    for (const who of [advocate, admin]) {
      const file = await who.as({ method: 'GET', url: media.url });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toMatch(/^attachment;/);
      expect(file.headers['cache-control']).toMatch(/^private/);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.rawPayload.equals(MINIMAL_PDF)).toBe(true);
    }
    const refused = await other.as({ method: 'GET', url: media.url });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('media.forbidden');
    expect((await t.app.inject({ method: 'GET', url: media.url })).statusCode).toBe(401);
    const missing = await admin.as({ method: 'GET', url: `/api/media/${crypto.randomUUID()}` });
    expect(missing.statusCode).toBe(404);
  });

  it('an image proof is private too, with a thumbnail for reviewers', async () => {
    const res = await upload(advocate, 'proof', await picture('jpeg'), 'screenshot.jpg', 'image/jpeg');
    const media = res.json().media;
    expect(media.variants['256']).toBe(`/api/media/${media.id}?size=256`);
    const thumb = await admin.as({ method: 'GET', url: media.variants['256'] });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['cache-control']).toMatch(/^private/);
    expect((await other.as({ method: 'GET', url: media.variants['256'] })).statusCode).toBe(403);
  });

  it('a member sets and removes an avatar, by upload or by an avatar uploaded before', async () => {
    const m = multipart(await picture('png', 500, 500), 'me.png', 'image/png');
    const set = await advocate.as({ method: 'POST', url: '/api/me/avatar', payload: m.payload, headers: m.headers });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().avatarUrl).toMatch(/^\/media\/[0-9a-f]{32}-256\.webp$/);
    const me = await advocate.as({ method: 'GET', url: '/api/me' });
    expect(me.json().avatarUrl).toBe(set.json().avatarUrl);

    const mine = (await upload(other, 'avatar', await picture('jpeg', 90, 90))).json().media.id;
    expect((await advocate.as({ method: 'POST', url: '/api/me/avatar', payload: { mediaId: mine } })).statusCode).toBe(
      403,
    );
    const byId = await other.as({ method: 'POST', url: '/api/me/avatar', payload: { mediaId: mine } });
    expect(byId.statusCode).toBe(200);
    const proof = (await upload(other, 'proof', await picture('png', 30, 30))).json().media.id;
    expect((await other.as({ method: 'POST', url: '/api/me/avatar', payload: { mediaId: proof } })).statusCode).toBe(
      403,
    );

    expect((await advocate.as({ method: 'DELETE', url: '/api/me/avatar' })).statusCode).toBe(200);
    expect((await advocate.as({ method: 'GET', url: '/api/me' })).json().avatarUrl).toBeNull();
  });

  it('a proof step takes attached files of the member’s own, and reviewers see them', async () => {
    const challenge = await makeChallenge(admin, {
      stages: [
        { kind: 'proof', title: 'Show us', points: 10, config: { instructions: 'A screenshot', accept: 'url' } },
      ],
    });
    const mine = (await upload(advocate, 'proof', MINIMAL_PDF, 'p.pdf', 'application/pdf')).json().media.id;
    const theirs = (await upload(other, 'proof', MINIMAL_PDF, 'p.pdf', 'application/pdf')).json().media.id;
    const avatar = (await upload(advocate, 'avatar', await picture('png', 20, 20))).json().media.id;
    for (const attachments of [[theirs], [avatar], [crypto.randomUUID()]]) {
      const res = await complete(advocate, challenge.id, { response: { attachments } });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.code).toBe('media.not_proof');
    }
    const done = await complete(advocate, challenge.id, { response: { attachments: [mine] } });
    expect(done.statusCode, done.body).toBe(201);
    const reviews = await admin.as({ method: 'GET', url: '/api/admin/reviews' });
    const item = (reviews.json().items ?? reviews.json().reviews).find(
      (r: { challenge?: { id: string }; challengeId?: string }) => (r.challenge?.id ?? r.challengeId) === challenge.id,
    );
    expect(item.response.attachments).toEqual([mine]);
    expect(item.attachments[0]).toMatchObject({ id: mine, mime: 'application/pdf', url: `/api/media/${mine}` });
  });

  it('a 50 MB upload is cut off with 413 as soon as it passes the limit, without holding the file', async () => {
    // Declared up front: refused before a byte of the body is read.
    const declared = await advocate.as({
      method: 'POST',
      url: '/api/media?purpose=avatar',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 * 1024) },
      payload: Buffer.from('--x\r\n'),
    });
    expect(declared.statusCode).toBe(413);
    expect(declared.json().error.code).toBe('media.too_large');

    // Streamed without a length: read only until the limit is passed, the rest never pulled.
    const jpegHead = await picture('jpeg', 64, 64);
    const m = multipart(Buffer.alloc(0), 'big.jpg', 'image/jpeg');
    const opening = m.payload.subarray(0, m.payload.indexOf('\r\n\r\n') + 4);
    const chunk = crypto.randomBytes(256 * 1024);
    const FIFTY_MB = 50 * 1024 * 1024;
    let pulled = 0;
    async function* body() {
      yield opening;
      yield jpegHead;
      while (pulled < FIFTY_MB) {
        pulled += chunk.length;
        yield chunk;
      }
    }
    const before = process.memoryUsage();
    const started = Date.now();
    const streamed = await advocate.as({
      method: 'POST',
      url: '/api/media?purpose=avatar',
      headers: m.headers,
      payload: Readable.from(body()),
    });
    const after = process.memoryUsage();
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().error.code).toBe('media.too_large');
    expect(streamed.headers.connection).toBe('close');
    expect(Date.now() - started).toBeLessThan(10_000);
    // Cut just past the 10 MB limit of an image (plus what was in flight), far from the 50 MB sent.
    expect(pulled).toBeLessThan(16 * 1024 * 1024);
    expect(after.arrayBuffers + after.heapUsed - before.arrayBuffers - before.heapUsed).toBeLessThan(40 * 1024 * 1024);

    // Over a real connection too: the answer (or the closed connection) comes long before 50 MB.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = t.app.server.address() as AddressInfo;
      let sent = 0;
      const outcome = await new Promise<number | string>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/media?purpose=avatar',
          headers: { ...m.headers, cookie: cookieHeader(advocate.jar) },
        });
        let over = false;
        req.on('response', (res) => {
          over = true;
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          over = true;
          if (err.code === 'EPIPE' || err.code === 'ECONNRESET') resolve('cut');
          else reject(err);
        });
        const pump = () => {
          while (!over && sent < FIFTY_MB) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!over) req.end();
        };
        req.write(opening);
        req.write(jpegHead);
        pump();
      });
      expect([413, 'cut']).toContain(outcome);
      expect(sent).toBeLessThan(40 * 1024 * 1024);
    } finally {
      await t.app.server.close();
    }
  });
});
