import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';

/** One message as it leaves: the row's parts and headers (From and Message-ID among them). */
export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Where messages go: an SMTP server (`SMTP_URL`). */
export interface EmailTransport {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/**
 * nodemailer over SMTP_URL, pooled (a connection per message costs a handshake each: ten times slower);
 * timeouts keep a stalled server from holding a worker for long.
 */
export function smtpTransport(url: string): EmailTransport {
  const options: SMTPPool.Options & { url: string } = {
    url,
    pool: true,
    maxConnections: 2,
    maxMessages: 100,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transport = nodemailer.createTransport(options);
  return {
    async send(m) {
      const { From: from, 'Message-ID': messageId, ...headers } = m.headers;
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId,
        headers,
      });
    },
    close() {
      transport.close();
    },
  };
}
