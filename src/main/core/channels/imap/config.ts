import { z } from 'zod';
import { formatIssuePath } from '../../../../shared/contract/errors';

/** Exactly what `channels add imap --config FILE` accepts; anything else is named and refused. */
export const ImapConfigFile = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    /** true: implicit TLS (993); false: plain, upgraded with STARTTLS when the server offers it. */
    secure: z.boolean(),
    user: z.string().min(1),
    password: z.string().min(1),
    mailboxes: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type ImapConfigFile = z.infer<typeof ImapConfigFile>;

/** What the channel row's `config` holds: the file without the password (that is the sealed secret). */
export type ImapConfig = Omit<ImapConfigFile, 'password'>;
export const ImapStoredConfig = ImapConfigFile.omit({ password: true });

export class ImapConfigError extends Error {
  readonly code = 'bad_config';
  constructor(message: string) {
    super(message);
    this.name = 'ImapConfigError';
  }
}

/** Parses the config file's text; errors name the key and never echo a value (it may be the password). */
export function parseImapConfigFile(text: string, source = 'the IMAP config'): { config: ImapConfig; password: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ImapConfigError(`${source} is not JSON: ${(err as Error).message.replace(/".*"/g, '…')}`);
  }
  const parsed = ImapConfigFile.safeParse(json);
  if (!parsed.success) throw new ImapConfigError(`${source}: ${describeIssues(parsed.error.issues)}`);
  const { password, ...config } = parsed.data;
  return { config, password };
}

export function parseStoredImapConfig(text: string): ImapConfig {
  const parsed = ImapStoredConfig.strict().safeParse(JSON.parse(text));
  if (!parsed.success) throw new ImapConfigError(`the stored IMAP config: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      if (i.code === 'unrecognized_keys') return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      const where = formatIssuePath(i.path) || 'config';
      return `"${where}": ${i.message}`;
    })
    .join('; ');
}
