import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  /** RCPT TO addresses of the SMTP session. */
  to: string[];
  from: string;
  mail: ParsedMail;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  received: ReceivedEmail[];
  /** Every RCPT TO the server saw, accepted or refused. */
  recipientsTried: string[];
  /** Answer RCPT TO with this code and text for the addresses the function picks (null accepts). */
  refuseRecipients(pick: (address: string) => { code: number; message: string } | null): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on a free port, parsing what it receives with
 * `mailparser`: nodemailer speaks real SMTP to it. No TLS; AUTH PLAIN/LOGIN only when
 * `credentials` are given (then required), else none, as on a local relay.
 */
export async function startSmtpServer(
  options: { credentials?: { user: string; pass: string } } = {},
): Promise<TestSmtpServer> {
  const { credentials } = options;
  const received: ReceivedEmail[] = [];
  const recipientsTried: string[] = [];
  let refusal: (address: string) => { code: number; message: string } | null = () => null;
  const server = new SMTPServer({
    authOptional: !credentials,
    allowInsecureAuth: true,
    disabledCommands: credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials?.user && auth.password === credentials?.pass) {
        return callback(null, { user: auth.username });
      }
      callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      recipientsTried.push(address.address);
      const refused = refusal(address.address);
      if (!refused) return callback();
      callback(Object.assign(new Error(refused.message), { responseCode: refused.code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            mail,
          });
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: credentials
      ? `smtp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@127.0.0.1:${port}`
      : `smtp://127.0.0.1:${port}`,
    received,
    recipientsTried,
    refuseRecipients(pick) {
      refusal = pick;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
