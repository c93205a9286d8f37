/**
 * What the mail sender needs from an SMTP client, without naming one: the Node entry hands in
 * nodemailer (api/node/smtp-transport.ts); tests hand in the same against a real SMTP server.
 */
import type { MailAddress } from '../core/config.ts';

export interface OutgoingMail {
  from: MailAddress;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers: List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted. */
  headers: Record<string, string>;
}

/**
 * How a send ended, as far as the sender can know:
 * - sent: the server answered 250 to the message;
 * - refused: the server answered a 4xx or 5xx, or the line broke before the whole message was
 *   handed over, so it certainly did not take it (`permanent`: a 5xx to the recipient or message,
 *   which the same mail would get again);
 * - unknown: the whole message was handed over and no answer came: it may have been taken.
 */
export type SendOutcome =
  | { status: 'sent'; response: string }
  | { status: 'refused'; error: string; permanent: boolean }
  | { status: 'unknown'; error: string };

/** An open, ready connection (TLS and login done). */
export interface MailSession {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): Promise<void>;
}

export interface MailTransport {
  /** Connects, upgrades with STARTTLS and logs in; throws (with a message for the log) when it cannot. */
  open(): Promise<MailSession>;
}
