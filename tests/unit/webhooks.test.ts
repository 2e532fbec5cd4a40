import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { newSecret, sign, signedHeaders } from '../../server/src/modules/webhooks/webhooks.sender.js';
import { checkTarget, forbiddenRange } from '../../server/src/modules/webhooks/webhooks.target.js';
import { DEFAULT_WEBHOOK_SCHEDULE, jobIdOf } from '../../server/src/modules/webhooks/webhooks.queue.js';

describe('Standard Webhooks signatures', () => {
  it('any body and message id signed by the hub verifies with the standardwebhooks package', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^msg_[0-9a-f]{32}$/), (text, msgId) => {
        const secret = newSecret();
        const body = JSON.stringify({ type: 'webhook.test', timestamp: new Date().toISOString(), data: { text } });
        const headers = signedHeaders([secret], msgId, body);
        expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
      }),
      { numRuns: 200 },
    );
  });

  it('signs with every live secret, each verifying on its own', () => {
    const [a, b] = [newSecret(), newSecret()];
    const headers = signedHeaders([a, b], 'msg_1', '{"x":1}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(a).verify('{"x":1}', headers)).toEqual({ x: 1 });
    expect(new Webhook(b).verify('{"x":1}', headers)).toEqual({ x: 1 });
    expect(() => new Webhook(newSecret()).verify('{"x":1}', headers)).toThrow();
  });

  it('matches the spec’s worked example', () => {
    // https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
    const sig = sign(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('a secret is whsec_ and base64 of 32 random bytes', () => {
    const s = newSecret();
    expect(s).toMatch(/^whsec_/);
    expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(32);
  });
});

describe('the SSRF guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'private'],
  ])('%s is refused (%s)', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('%s is a public target', (address) => {
    expect(forbiddenRange(address)).toBeNull();
  });

  it('refuses a private literal unless its host:port is allowed, and never another port', async () => {
    await expect(checkTarget('http://10.1.2.3:8080/x', [])).rejects.toMatchObject({
      code: 'webhooks.target_refused',
      statusCode: 422,
    });
    await expect(checkTarget('http://10.1.2.3:8080/x', ['10.1.2.3:8080'])).resolves.toMatchObject({
      address: '10.1.2.3',
    });
    await expect(checkTarget('http://10.1.2.3:8081/x', ['10.1.2.3:8080'])).rejects.toMatchObject({
      code: 'webhooks.target_refused',
    });
    await expect(checkTarget('http://10.1.2.3/x', ['10.1.2.3'])).resolves.toMatchObject({ family: 4 });
    await expect(checkTarget('gopher://example.com/', [])).rejects.toMatchObject({ code: 'webhooks.target_refused' });
  });
});

describe('the retry schedule', () => {
  it('is the spec’s: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(DEFAULT_WEBHOOK_SCHEDULE).toEqual([0, 5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6]);
  });
  it('gives each attempt of a delivery a job id of its own, the same when queued again', () => {
    const id = '6f1d8a43-2c1e-4a7b-9b1f-0c2d3e4f5a6b';
    expect(jobIdOf({ id, attempts: 1 })).toBe(jobIdOf({ id, attempts: 1 }));
    expect(jobIdOf({ id, attempts: 1 })).not.toBe(jobIdOf({ id, attempts: 2 }));
    expect(jobIdOf({ id, attempts: 0 })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
