/**
 * A real SMTP server on 127.0.0.1 for the mail tests (the `smtp-server` package): STARTTLS with a
 * certificate made for the test and trusted through PARLEY_SMTP_CA_FILE, login required, and what
 * it received parsed with `mailparser`. `behave` lets a test make it slow, refuse or hang up.
 *
 * @example const smtp = await startSmtpServer(); env = { ...smtp.env }; … smtp.messages
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export const SMTP_USER = 'parley';
export const SMTP_PASS = 'mail-password-0123';

export interface Received {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  /** A header as sent, e.g. header('list-unsubscribe') is "<https://…>". */
  header(name: string): string | undefined;
  /** The session was upgraded with STARTTLS and logged in. */
  secure: boolean;
  user: string | undefined;
}

/** What the server does at each step; each hook may wait, throw an SMTP error, or do nothing. */
export interface Behaviour {
  onConnect?: (session: SMTPServerSession) => Promise<void> | void;
  onMailFrom?: () => Promise<void> | void;
  onRcptTo?: (address: string) => Promise<void> | void;
  /** Called with the whole message before the server answers it. */
  onData?: (mail: Received) => Promise<void> | void;
}

export interface TestSmtp {
  port: number;
  /** PARLEY_SMTP_URL and friends, as a user would set them. */
  env: Record<string, string>;
  messages: Received[];
  behave: Behaviour;
  /** Messages to one address. */
  to(address: string): Received[];
  /** Stops listening (connections are dropped); start() listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** An SMTP error with its reply code, as smtp-server sends it. */
export function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpServer(dir: string, options: { port?: number } = {}): Promise<TestSmtp> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const caFile = path.join(dir, 'smtp-ca.pem');
  writeFileSync(caFile, pems.cert);
  const messages: Received[] = [];
  const behave: Behaviour = {};
  const make = () =>
    new SMTPServer({
      key: pems.private,
      cert: pems.cert,
      authMethods: ['PLAIN', 'LOGIN'],
      // login only after STARTTLS (smtp-server's default): a client that skips TLS cannot send
      disabledCommands: [],
      logger: false,
      onConnect: (session, callback) => {
        Promise.resolve()
          .then(() => behave.onConnect?.(session))
          .then(() => callback(), callback);
      },
      onAuth: (auth, _session, callback) => {
        if (auth.username === SMTP_USER && auth.password === SMTP_PASS) return callback(null, { user: auth.username });
        callback(smtpError(535, 'Authentication failed'));
      },
      onMailFrom: (_address, _session, callback) => {
        Promise.resolve()
          .then(() => behave.onMailFrom?.())
          .then(() => callback(), callback);
      },
      onRcptTo: (address, _session, callback) => {
        Promise.resolve()
          .then(() => behave.onRcptTo?.(address.address))
          .then(() => callback(), callback);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then(async (parsed) => {
            const mail: Received = {
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: parsed.headers,
              header: (name) =>
                parsed.headerLines
                  .find((line) => line.key === name.toLowerCase())
                  ?.line.replace(/^[^:]+:\s*/, '')
                  .replace(/\r?\n\s+/g, ' '),
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : undefined,
            };
            await behave.onData?.(mail);
            messages.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
  let server = make();
  let port = options.port ?? 0;
  const start = async () => {
    server = make();
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  };
  await start();
  return {
    get port() {
      return port;
    },
    env: {
      PARLEY_SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${port}`,
      PARLEY_SMTP_CA_FILE: caFile,
      PARLEY_MAIL_FROM: 'Parley Blog <blog@example.org>',
    },
    messages,
    behave,
    to: (address) => messages.filter((mail) => mail.to === address),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    start,
  };
}

/** The first link in a mail's text that starts with `prefix`. */
export function linkIn(mail: Received, pattern: RegExp): string {
  const found = mail.text.match(pattern);
  if (!found) throw new Error(`no link matching ${pattern} in:\n${mail.text}`);
  return found[0];
}
