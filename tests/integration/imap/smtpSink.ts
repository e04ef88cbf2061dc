import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** What the sink was handed: the SMTP envelope, who logged in, and the message bytes as received. */
export interface Received {
  from: string;
  to: string[];
  user: string | null;
  raw: Buffer;
}

export interface SmtpSink {
  host: string;
  port: number;
  received: Received[];
  /** Logins it accepts; change it to make the next login fail. */
  users: Map<string, string>;
  /** Recipients it refuses with 550. */
  refuse: Set<string>;
  stop(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on loopback: plain text with AUTH PLAIN/LOGIN,
 * as a submission port on a trusted network speaks. Keeps every message it accepts.
 */
export async function startSmtpSink(opts: { users?: Record<string, string>; authOptional?: boolean } = {}): Promise<SmtpSink> {
  const received: Received[] = [];
  const users = new Map(Object.entries(opts.users ?? {}));
  const refuse = new Set<string>();
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: opts.authOptional ?? false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, done) {
      if (auth.username && users.get(auth.username) === auth.password) done(null, { user: auth.username });
      else done(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address: SMTPServerAddress, _session, done) {
      if (refuse.has(address.address.toLowerCase())) {
        done(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      } else done();
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : null,
          raw: Buffer.concat(chunks),
        });
        done();
      });
    },
  });
  server.on('error', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('the SMTP sink has no port'));
    });
  });
  return {
    host: '127.0.0.1',
    port,
    received,
    users,
    refuse,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
