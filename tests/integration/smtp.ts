import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface Received {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Map<string, unknown>;
  raw: ParsedMail;
}

/** A free TCP port on 127.0.0.1 (nothing listens on it once this resolves). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it receives (parsed with mailparser).
 * `stop()` and `start()` take it down and bring it back on the same port (an SMTP outage).
 */
export class TestSmtp {
  readonly messages: Received[] = [];
  private server: SMTPServer | null = null;

  constructor(readonly port: number) {}

  static async start(port?: number): Promise<TestSmtp> {
    const smtp = new TestSmtp(port ?? (await freePort()));
    await smtp.start();
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              headers: mail.headers,
              raw: mail,
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    server.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): Received[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  /** Waits until `count` messages (matching `which`) arrived; throws after `timeoutMs`. */
  async waitFor(count: number, which: (m: Received) => boolean = () => true, timeoutMs = 20_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.messages.filter(which);
      if (got.length >= count) return got;
      if (Date.now() > deadline) throw new Error(`SMTP: ${got.length} of ${count} messages arrived in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The first link in a text that goes to `path` (e.g. `/reset-password/`), and its last path segment. */
export function linkIn(text: string, path: string): { url: string; token: string } {
  const match = new RegExp(`https?://[^\\s]+${path.replace(/\//g, '\\/')}[^\\s]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  const url = match[0];
  return { url, token: url.split('/').pop()! };
}
