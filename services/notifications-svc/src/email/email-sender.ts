import nodemailer from 'nodemailer';
import type { NotificationsConfig } from '../config.ts';
import type { RenderedEmail } from './email-templates.ts';

/**
 * How one email went: sent (the SMTP server accepted it); rejected: a permanent refusal (5xx,
 * e.g. 550 no such mailbox, or an address nodemailer cannot use); retry: 4xx, a timeout, a
 * connection error.
 */
export type EmailOutcome =
  | { kind: 'sent' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'retry'; reason: string };

export interface EmailSender {
  send(to: string, email: RenderedEmail): Promise<EmailOutcome>;
  close(): Promise<void>;
}

/**
 * SMTP through nodemailer, with the transport SMTP_URL describes (smtp:// with STARTTLS when the
 * server offers it, smtps:// for implicit TLS, credentials in the URL). Null without SMTP_URL:
 * email is then not_configured.
 */
export function createEmailSender(config: NotificationsConfig): EmailSender | null {
  if (!config.SMTP_URL) return null;
  const transport = nodemailer.createTransport(
    {
      url: config.SMTP_URL,
      connectionTimeout: config.SMTP_TIMEOUT_MS,
      greetingTimeout: config.SMTP_TIMEOUT_MS,
      socketTimeout: config.SMTP_TIMEOUT_MS,
    },
    { from: config.SMTP_FROM },
  );
  return {
    async send(to, email) {
      try {
        await transport.sendMail({ to, subject: email.subject, text: email.text, html: email.html });
        return { kind: 'sent' };
      } catch (error) {
        const { responseCode, code, message } = error as {
          responseCode?: number;
          code?: string;
          message: string;
        };
        // The server's answer decides (5xx for good, 4xx for now); without one, an envelope
        // nodemailer refused to send (no usable address) cannot get better either.
        const permanent = responseCode !== undefined ? responseCode >= 500 : code === 'EENVELOPE';
        return permanent ? { kind: 'rejected', reason: message } : { kind: 'retry', reason: message };
      }
    },
    async close() {
      transport.close();
    },
  };
}
