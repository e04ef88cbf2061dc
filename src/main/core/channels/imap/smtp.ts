import nodemailer from 'nodemailer';
import { describeError } from '../../sync/connector';
import type { SmtpConfig } from './config';

export interface SmtpOptions {
  /** Tests shorten these to see a dead server quickly. */
  timeouts?: { connectionTimeout?: number; greetingTimeout?: number; socketTimeout?: number };
}

/**
 * Why a send failed, for the person who pressed send: `auth` (the login was refused or is
 * missing), `connection` (no server answered there), `rejected` (the server refused the
 * recipients or the message), `transient` (anything else; trying again later may help).
 */
export type SmtpFailure = 'auth' | 'connection' | 'rejected' | 'transient';

export class SmtpError extends Error {
  readonly code = 'smtp_failed';
  constructor(
    readonly kind: SmtpFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
}

/** What nodemailer's errors carry besides the message (its own documented fields). */
interface NodemailerFailure {
  message?: string;
  code?: string;
  originalCode?: string;
  response?: string;
  responseCode?: number;
  rejected?: string[];
  rejectedErrors?: { recipient?: string; response?: string }[];
}

export interface SmtpDelivery {
  accepted: string[];
  rejected: string[];
}

/**
 * The channel's outgoing server: one short-lived connection per send, so a changed password or
 * a restarted server needs nothing reset. `password` is null for a relay that takes no login.
 */
export class SmtpSender {
  constructor(
    private readonly config: SmtpConfig,
    private readonly password: string | null,
    private readonly opts: SmtpOptions = {},
  ) {}

  /** Connects and logs in, sending nothing: what `channels add` runs before storing a channel. */
  async verify(): Promise<void> {
    const transport = this.transport();
    try {
      await transport.verify();
    } catch (err) {
      throw this.explain(err);
    } finally {
      transport.close();
    }
  }

  /** Sends the message bytes as they are to `to`; resolves once the server took them for delivery. */
  async send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<SmtpDelivery> {
    const transport = this.transport();
    try {
      const info = await transport.sendMail({ envelope, raw });
      return { accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
    } catch (err) {
      throw this.explain(err);
    } finally {
      transport.close();
    }
  }

  private transport() {
    const t = this.opts.timeouts ?? {};
    return nodemailer.createTransport({
      host: this.config.host,
      port: this.config.port,
      secure: this.config.secure,
      ...(this.config.user !== undefined ? { auth: { user: this.config.user, pass: this.password ?? '' } } : {}),
      connectionTimeout: t.connectionTimeout ?? 15_000,
      greetingTimeout: t.greetingTimeout ?? 10_000,
      socketTimeout: t.socketTimeout ?? 60_000,
      logger: false,
      debug: false,
    });
  }

  private where(): string {
    return `SMTP server ${this.config.host}:${this.config.port}`;
  }

  /** The server's own words, sorted by what the sender can do about it, and never the password. */
  explain(err: unknown): SmtpError {
    if (err instanceof SmtpError) return err;
    const e = (err ?? {}) as NodemailerFailure;
    const said = (e.response ?? e.message ?? String(err)).trim();
    const secrets = this.password ? [this.password] : [];
    const fail = (kind: SmtpFailure, text: string) => new SmtpError(kind, describeError(text, secrets));
    switch (e.code) {
      case 'EAUTH':
        return fail('auth', `${this.where()} refused the login for ${this.config.user ?? '(no user)'}: ${said}`);
      case 'ENOAUTH':
        return fail('auth', `${this.where()} wants a login, and the channel's smtp settings have no "user"`);
      case 'EENVELOPE': {
        const who = e.rejectedErrors?.map((r) => `${r.recipient ?? '?'} (${(r.response ?? '').trim()})`).join(', ');
        return fail('rejected', who ? `${this.where()} refused ${who}` : `${this.where()} refused the envelope: ${said}`);
      }
      case 'EMESSAGE':
        return fail('rejected', `${this.where()} refused the message: ${said}`);
      case 'ETIMEDOUT':
        return fail('connection', `${this.where()} did not answer in time: ${said}`);
      case 'EDNS':
        return fail('connection', `cannot find ${this.where()}: ${said}`);
      case 'ETLS':
        return fail('connection', `${this.where()}: the TLS handshake failed: ${said}`);
      default:
        break;
    }
    const cause = e.originalCode ?? e.code;
    if (cause === 'ECONNREFUSED') return fail('connection', `${this.where()} refused the connection (nothing listens there)`);
    if (cause === 'ECONNRESET' || cause === 'ECONNECTION' || cause === 'EHOSTUNREACH' || cause === 'ENETUNREACH')
      return fail('connection', `${this.where()}: ${said}`);
    if (e.responseCode !== undefined && e.responseCode >= 500) return fail('rejected', `${this.where()}: ${said}`);
    return fail('transient', `${this.where()}: ${said}${e.code && !said.includes(e.code) ? ` (${e.code})` : ''}`);
  }
}
