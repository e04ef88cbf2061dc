import type { InboundMessage } from '../../src/main/core/ingest/schema';
import { seededRandom } from './stats';

/**
 * Believable support traffic for the store benchmarks: customers of known accounts writing in,
 * agents answering, in threads spread over a month. Seeded, so every run stores the same bytes.
 */

export interface BenchAccount {
  name: string;
  domain: string;
  tier: 'enterprise' | 'business' | 'growth' | 'free';
  arrCents: number;
}

const NAMES = [
  'Halcyon Bank',
  'Northwind Logistics',
  'Brightline Health',
  'Cinder Games',
  'Atlas Tutoring',
  'Birchtree Vets',
  'Bluebird Clinics',
  'Quarry Analytics',
  'Meridian Freight',
  'Juniper Legal',
  'Lumen Energy',
  'Orchard Retail',
  'Pioneer Credit Union',
  'Redwood Insurance',
  'Saltmarsh Media',
  'Tidewater Ports',
  'Umber Architects',
  'Vantage Travel',
  'Wildflower Foods',
  'Yarrow Pharmacy',
  'Zephyr Airlines',
  'Copperleaf Hotels',
  'Driftwood Schools',
  'Ember Robotics',
  'Foxglove Fashion',
  'Granite Construction',
  'Harbor City Council',
  'Ironbark Mining',
  'Kestrel Security',
  'Larkspur Labs',
  'Mosaic Marketplaces',
  'Nimbus Payroll',
  'Oakridge Dental',
  'Pebble Telecom',
  'Quill Publishing',
  'Riverstone Utilities',
  'Sable Automotive',
  'Thistle Charities',
  'Upland Farms',
  'Verdant Biotech',
];
const TIERS: BenchAccount['tier'][] = ['enterprise', 'business', 'growth', 'free'];

export function benchAccounts(count: number, seed = 11): BenchAccount[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const base = NAMES[i % NAMES.length]!;
    const name = i < NAMES.length ? base : `${base} ${Math.floor(i / NAMES.length) + 1}`;
    const tier = TIERS[Math.min(3, Math.floor(random() * random() * 4.5))]!;
    const scale = { enterprise: 40_000_000, business: 8_000_000, growth: 1_500_000, free: 0 }[tier];
    return {
      name,
      domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`,
      tier,
      arrCents: Math.round(scale * (0.5 + random())),
    };
  });
}

const SUBJECTS = [
  'Cannot log in with SSO',
  'Webhook deliveries delayed',
  'Billing export shows wrong totals',
  'Password reset email never arrives',
  'Dashboard loads very slowly',
  'API returns 502 intermittently',
  'Invoice PDF is blank',
  'Users locked out after MFA change',
  'Report scheduler skipped last night',
  'Mobile app crashes on launch',
  'Question about seat limits',
  'CSV import fails at row 1,204',
];
const SENTENCES = [
  'Since this morning none of our agents can sign in through the identity provider and they see an error page.',
  'We rely on these webhooks to update orders, and the last ones arrived more than forty minutes late.',
  'The totals in the export do not match what the billing page shows for the same period.',
  'Could you tell us whether this is a known problem and when we can expect a fix?',
  'Our finance team needs the corrected numbers before the month closes on Friday.',
  'I have attached a screenshot of the error together with the request identifier it printed.',
  'This is affecting roughly two hundred people in our Berlin and Dublin offices.',
  'We already cleared caches and tried a different browser, with the same result.',
  'Thanks for the quick reply; the workaround helps for now but we still need a permanent fix.',
  'Please escalate this, our contract promises a response within the hour for priority issues.',
  'The problem started right after the maintenance window announced on the status page.',
  'Happy to jump on a call if that speeds things up, any time before five works for us.',
  'We are seeing the same behaviour in the sandbox account, so it is not a data problem on our side.',
  'One of our largest customers is asking for an incident report once this is resolved.',
];
const REPLIES = [
  'Thanks for reporting this, we are looking into it with our engineering team right now.',
  'We have identified the cause and a fix is being rolled out; we will update you within thirty minutes.',
  'Could you send us the exact time you saw the error and the user affected?',
  'The issue should be resolved now; please let us know if you still see it.',
  'We have linked your report to an open incident and will keep you posted on progress.',
];
const FIRST = ['Anna', 'Ben', 'Chloe', 'Dmitri', 'Elif', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Luca', 'Maya', 'Noor'];

function text(random: () => number, pool: readonly string[]): string {
  const target = 200 + Math.floor(random() * 600);
  let out = '';
  while (out.length < target) out += (out ? ' ' : '') + pool[Math.floor(random() * pool.length)]!;
  return out.slice(0, target);
}

export interface Corpus {
  /** Pages in the order a connector would deliver them (by sent time). */
  pages: InboundMessage[][];
  conversations: number;
  messages: number;
}

/**
 * `messages` messages in `conversations` threads over the 30 days before `endMs`. Every thread
 * opens with a customer writing from an account's domain (one in twenty from an unknown one);
 * replies alternate between agents and the customer.
 */
export function generateCorpus(opts: {
  messages: number;
  conversations: number;
  pageSize: number;
  accounts: BenchAccount[];
  endMs: number;
  seed: number;
}): Corpus {
  const random = seededRandom(opts.seed);
  const startMs = opts.endMs - 30 * 86_400_000;
  const perThread = new Array<number>(opts.conversations).fill(1);
  // Some threads are long, most are short.
  for (let i = opts.conversations; i < opts.messages; i++) perThread[Math.floor(random() ** 1.6 * opts.conversations)]!++;
  const all: InboundMessage[] = [];
  for (let t = 0; t < opts.conversations; t++) {
    const account = opts.accounts[Math.floor(random() * opts.accounts.length)]!;
    const domain = random() < 0.05 ? 'mailbox.example' : account.domain;
    const person = FIRST[Math.floor(random() * FIRST.length)]!;
    const customer = `${person.toLowerCase()}.${t % 97}@${domain}`;
    const subject = SUBJECTS[Math.floor(random() * SUBJECTS.length)]!;
    const threadId = `thread-${t}`;
    let at = startMs + Math.floor(random() * 29 * 86_400_000);
    for (let k = 0; k < perThread[t]!; k++) {
      const fromCustomer = k === 0 || random() < 0.55;
      const externalId = `msg-${t}-${k}`;
      const body = fromCustomer ? text(random, SENTENCES) : text(random, REPLIES);
      const m = {
        externalId,
        threadId,
        sentAt: at,
        direction: fromCustomer ? 'inbound' : 'outbound',
        authorKind: fromCustomer ? 'customer' : 'agent',
        fromAddress: fromCustomer ? customer : 'support@watchfloor.example',
        fromName: fromCustomer ? person : 'Support',
        subject: k === 0 ? subject : `Re: ${subject}`,
        text: body,
      } as const;
      const raw = JSON.stringify({
        id: externalId,
        thread: threadId,
        date: new Date(at).toISOString(),
        from: m.fromAddress,
        name: m.fromName,
        subject: m.subject,
        body,
      });
      all.push({ ...m, raw: { contentType: 'application/json', body: raw } });
      at += 60_000 + Math.floor(random() * 6 * 3_600_000);
    }
  }
  all.sort((a, b) => a.sentAt - b.sentAt || (a.externalId < b.externalId ? -1 : 1));
  const pages: InboundMessage[][] = [];
  for (let i = 0; i < all.length; i += opts.pageSize) pages.push(all.slice(i, i + opts.pageSize));
  return { pages, conversations: opts.conversations, messages: all.length };
}

/** A long run of the customer prose above, for bulk builds that cut message bodies out of it in SQL. */
export function supportProse(length: number, seed: number): string {
  const random = seededRandom(seed);
  let out = '';
  while (out.length < length) {
    const pool = random() < 0.7 ? SENTENCES : REPLIES;
    out += (out ? ' ' : '') + pool[Math.floor(random() * pool.length)]!;
  }
  return out;
}

export const SUPPORT_SUBJECTS: readonly string[] = SUBJECTS;
