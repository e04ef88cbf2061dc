import { z } from 'zod';
import { describeConfigIssues } from '../configIssues';

/** `Name <address>` or a bare address: who customer updates come from. */
const MAILBOX = /^\s*(?:(.*?)\s*<([^<>\s]+)>|([^<>\s]+))\s*$/;

export function parseMailbox(text: string): { name: string | null; address: string } | null {
  const m = MAILBOX.exec(text);
  if (!m) return null;
  const address = (m[2] ?? m[3] ?? '').toLowerCase();
  if (!z.email().safeParse(address).success) return null;
  const name = m[1]?.replace(/^"(.*)"$/, '$1').trim();
  return { name: name ? name : null, address };
}

const From = z.string().refine((s) => parseMailbox(s) !== null, { message: 'expected an address, or "Name <address>"' });

/** The outgoing server as the channel row stores it: no password (that is sealed, or the IMAP one). */
const SmtpStored = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    /** true: implicit TLS (465); false: plain, upgraded with STARTTLS when the server offers it (587, 25). */
    secure: z.boolean(),
    /** Absent: send without logging in (a relay that trusts this machine). */
    user: z.string().min(1).optional(),
    from: From,
  })
  .strict();
export type SmtpConfig = z.infer<typeof SmtpStored>;

/** In the file: the SMTP login's password when it is not the IMAP password. */
const SmtpFile = SmtpStored.extend({ password: z.string().min(1).optional() })
  .strict()
  .refine((s) => s.password === undefined || s.user !== undefined, { message: 'a password needs a "user"', path: ['password'] });

const imapFields = {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  /** true: implicit TLS (993); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: z.boolean(),
  user: z.string().min(1),
  mailboxes: z.array(z.string().min(1)).min(1),
};

/** Exactly what `channels add imap --config FILE` accepts; anything else is named and refused. */
export const ImapConfigFile = z.object({ ...imapFields, password: z.string().min(1), smtp: SmtpFile.optional() }).strict();
export type ImapConfigFile = z.infer<typeof ImapConfigFile>;

/** What the channel row's `config` holds: the file without its passwords (those are sealed secrets). */
export const ImapStoredConfig = z.object({ ...imapFields, smtp: SmtpStored.optional() }).strict();
export type ImapConfig = z.infer<typeof ImapStoredConfig>;

export class ImapConfigError extends Error {
  readonly code = 'bad_config';
  constructor(message: string) {
    super(message);
    this.name = 'ImapConfigError';
  }
}

export interface ParsedImapConfig {
  config: ImapConfig;
  password: string;
  /** The SMTP password when the file gives one of its own; null: SMTP reuses the IMAP password. */
  smtpPassword: string | null;
}

/** Parses the config file's text; errors name the key and never echo a value (it may be the password). */
export function parseImapConfigFile(text: string, source = 'the IMAP config'): ParsedImapConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ImapConfigError(`${source} is not JSON: ${(err as Error).message.replace(/".*"/g, '…')}`);
  }
  const parsed = ImapConfigFile.safeParse(json);
  if (!parsed.success) throw new ImapConfigError(`${source}: ${describeConfigIssues(parsed.error.issues)}`);
  const { password, smtp, ...imap } = parsed.data;
  if (!smtp) return { config: imap, password, smtpPassword: null };
  const { password: smtpPassword, ...smtpConfig } = smtp;
  return { config: { ...imap, smtp: smtpConfig }, password, smtpPassword: smtpPassword ?? null };
}

export function parseStoredImapConfig(text: string): ImapConfig {
  const parsed = ImapStoredConfig.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ImapConfigError(`the stored IMAP config: ${describeConfigIssues(parsed.error.issues)}`);
  return parsed.data;
}
