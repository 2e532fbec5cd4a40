import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      programTimezone: 'UTC',
      seedDemo: undefined,
      publicUrl: 'http://localhost:3000',
    });
    expect(c.dataDir.endsWith('.data')).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL must be a postgres/],
    [{ PROGRAM_TIMEZONE: 'Mars/Olympus' }, /^Invalid configuration: PROGRAM_TIMEZONE must be an IANA time zone/],
    [{ JWT_SECRET: 'short' }, /^Invalid configuration: JWT_SECRET must be at least 32 characters$/],
    [{ SEED_DEMO: 'maybe' }, /^Invalid configuration: SEED_DEMO /],
    [{ PUBLIC_URL: 'hub' }, /^Invalid configuration: PUBLIC_URL /],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL /],
  ])('stops with one line naming the variable: %o', (env, message) => {
    let err: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('has bounded HTTP and database limits by default, each overridable', () => {
    expect(loadConfig({})).toMatchObject({
      http: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 72_000,
        connectionTimeoutMs: 90_000,
        maxConnections: 1000,
        maxRequestsPerSocket: 0,
      },
      db: { statementTimeoutMs: 5_000, connectTimeoutMs: 5_000, waitTimeoutMs: 30_000 },
    });
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '2000', HEADERS_TIMEOUT_MS: '1000' }).http).toMatchObject({
      requestTimeoutMs: 2000,
      headersTimeoutMs: 1000,
    });
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' })).toThrow(/^Invalid configuration: REQUEST_TIMEOUT_MS /);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '5000' })).toThrow(
      /HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS/,
    );
  });

  it('never echoes secrets in the message', () => {
    expect(() => loadConfig({ JWT_SECRET: 'tiny-secret' })).toThrow(/^(?!.*tiny-secret)/);
    expect(() => loadConfig({ SMTP_URL: 'http://user:hunter2@mail' })).toThrow(/^(?!.*hunter2).*SMTP_URL/);
  });

  it('reads SMTP_URL and MAIL_FROM; both unset keeps emails in the outbox', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: undefined, mailFrom: undefined });
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example:465', MAIL_FROM: 'Hub <hub@x.example>' })).toMatchObject({
      smtpUrl: 'smtps://u:p@mail.example:465',
      mailFrom: 'Hub <hub@x.example>',
    });
  });

  it('treats empty variables as unset and parses SEED_DEMO and https cookies', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'https://hub.example.com/' })).toMatchObject({
      publicUrl: 'https://hub.example.com',
      secureCookies: true,
    });
  });
});
