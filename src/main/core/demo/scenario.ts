import { z } from 'zod';
import raw from '../../../../resources/demo/scenario.json';
import { Severity } from '../../../shared/domain/severity';

/** The demo's cast and script: fictional accounts (".example" domains), problems and questions. */
export const Scenario = z.object({
  workspace: z.object({ name: z.string(), timeZone: z.string() }),
  commanders: z.array(z.string()).min(1),
  contactNames: z.array(z.string()).min(1),
  accounts: z
    .array(
      z.object({
        name: z.string(),
        domain: z.string(),
        tier: z.string(),
        arrDollars: z.number().int().nonnegative(),
        owner: z.string().nullable(),
      }),
    )
    .min(30)
    .max(50),
  problems: z.array(z.object({ title: z.string(), severity: Severity, reports: z.array(z.string()).min(2) })).min(10),
  questions: z.array(z.string()).min(1),
});
export type Scenario = z.infer<typeof Scenario>;
export type Problem = Scenario['problems'][number];

export const scenario: Scenario = Scenario.parse(raw);

export function problem(titleStart: string): Problem {
  const p = scenario.problems.find((x) => x.title.startsWith(titleStart));
  if (!p) throw new Error(`the demo scenario has no problem titled "${titleStart}"`);
  return p;
}

/** Demo channels: the kinds a support floor really uses, fed by the demo connector. */
export const demoChannels = [
  { kind: 'email', name: 'Support inbox' },
  { kind: 'slack', name: 'Shared Slack' },
  { kind: 'chat', name: 'Live chat' },
  { kind: 'webhook', name: 'Status webhooks' },
] as const;
export type DemoChannelKind = (typeof demoChannels)[number]['kind'];
