/**
 * The SMTP transport, on nodemailer's own connection and composer: one connection per sender run,
 * STARTTLS required whenever a password would cross the line, and a send that tells a refused
 * mail (certainly not taken: retry) from one lost after it was handed over (maybe taken: never
 * sent again). nodemailer's sendMail() hides that difference, so its parts are used directly.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { MailConfig } from '../core/config.ts';
import type { MailSession, MailTransport, OutgoingMail, SendOutcome } from '../mail/transport.ts';

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

const describe = (error: SmtpError) => (error.response ? `${error.message}: ${error.response}` : error.message).slice(0, 300);

/** A 5xx to the recipient or to the message: the same mail would be refused again (RFC 5321 4.2.1). */
function permanent(error: SmtpError): boolean {
  const code = error.responseCode ?? 0;
  return code >= 500 && code !== 503 && (error.command === 'RCPT TO' || error.command === 'DATA');
}

function session(connection: SMTPConnection, errors: SmtpError[]): MailSession {
  return {
    async send(mail: OutgoingMail): Promise<SendOutcome> {
      const message = await new MailComposer({
        from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      })
        .compile()
        .build();
      let handedOver = false;
      const body = Readable.from([message]);
      body.once('end', () => {
        handedOver = true;
      });
      return new Promise((resolve) => {
        connection.send({ from: mail.from.address, to: [mail.to] }, body, (error, info) => {
          if (!error) return resolve({ status: 'sent', response: info?.response ?? '' });
          const failure = error as SmtpError;
          if ((failure.responseCode ?? 0) >= 400)
            return resolve({ status: 'refused', error: describe(failure), permanent: permanent(failure) });
          if (handedOver) return resolve({ status: 'unknown', error: describe(failure) });
          resolve({ status: 'refused', error: describe(failure), permanent: false });
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (errors.length) {
          connection.close();
          return resolve();
        }
        const timer = setTimeout(() => {
          connection.close();
          resolve();
        }, 2_000);
        connection.once('end', () => {
          clearTimeout(timer);
          resolve();
        });
        connection.quit();
      }),
  };
}

/**
 * @example const transport = createSmtpTransport(config.mail); const session = await transport.open();
 */
export function createSmtpTransport(mail: MailConfig): MailTransport {
  const { smtp } = mail;
  // a CA file adds to the system's roots (Node's `ca` option would replace them)
  const ca = smtp.caFile ? [...rootCertificates, readFileSync(smtp.caFile, 'utf8')] : undefined;
  return {
    open: () =>
      new Promise<MailSession>((resolve, reject) => {
        const errors: SmtpError[] = [];
        const connection = new SMTPConnection({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          requireTLS: smtp.requireTls,
          connectionTimeout: smtp.timeoutMs,
          greetingTimeout: smtp.timeoutMs,
          socketTimeout: smtp.timeoutMs,
          tls: ca ? { ca } : {},
        });
        let settled = false;
        const fail = (error: SmtpError) => {
          if (settled) return;
          settled = true;
          connection.close();
          reject(new Error(describe(error)));
        };
        const ready = () => {
          if (settled) return;
          settled = true;
          resolve(session(connection, errors));
        };
        // while connecting, an error fails the open; later ones reach the send's callback too, and
        // an error event without a listener would end the process
        connection.on('error', (error: SmtpError) => (settled ? errors.push(error) : fail(error)));
        connection.once('end', () => fail(new Error('the SMTP server closed the connection')));
        connection.connect((error) => {
          if (error) return fail(error as SmtpError);
          if (!smtp.user) return ready();
          connection.login({ user: smtp.user, pass: smtp.pass ?? '' }, (loginError) => {
            if (loginError) return fail(loginError as SmtpError);
            ready();
          });
        });
      }),
  };
}
