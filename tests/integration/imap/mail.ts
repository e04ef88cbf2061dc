import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/mail');

/** The committed real-world messages (MIT, from mailparser's own fixtures). */
export function fixtureMessages(): { name: string; raw: Buffer }[] {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((name) => ({ name, raw: readFileSync(join(fixturesDir, name)) }));
}

export interface MailSpec {
  from?: string;
  to?: string;
  subject?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
  headers?: Record<string, string>;
  body?: string;
}

/** A plain RFC 822 message with CRLF line ends. */
export function mail(spec: MailSpec = {}): string {
  const lines = [
    `From: ${spec.from ?? 'Dana Customer <dana@acme.example>'}`,
    `To: ${spec.to ?? 'support@watchfloor.test'}`,
    `Subject: ${spec.subject ?? 'Login fails with SSO'}`,
    `Date: ${(spec.date ?? new Date('2026-11-23T08:00:00Z')).toUTCString()}`,
  ];
  if (spec.messageId !== null) lines.push(`Message-ID: ${spec.messageId ?? `<${Math.random().toString(36).slice(2)}@acme.example>`}`);
  if (spec.inReplyTo) lines.push(`In-Reply-To: ${spec.inReplyTo}`);
  if (spec.references) lines.push(`References: ${spec.references.join(' ')}`);
  for (const [k, v] of Object.entries(spec.headers ?? {})) lines.push(`${k}: ${v}`);
  lines.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', spec.body ?? 'Our users cannot log in since 9:00.', '');
  return lines.join('\r\n');
}

/** `n` distinct messages, numbered, for volume tests. */
export function numberedMails(n: number, prefix: string, padBytes = 600): string[] {
  const pad = 'x'.repeat(padBytes);
  return Array.from({ length: n }, (_, i) =>
    mail({
      messageId: `<${prefix}-${i}@load.example>`,
      subject: `${prefix} report ${i}`,
      body: `Report ${i} from the load test.\r\n${pad}`,
    }),
  );
}
