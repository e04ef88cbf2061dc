import type { AccountHistoryEntry } from '../../../shared/contract/accounts';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';

const fieldOf = { name: 'name', tier: 'tier', arr_cents: 'arrCents', renewal_date: 'renewalDate', owner: 'owner' } as const;
type StoredField = keyof typeof fieldOf;

interface HistoryRow {
  field: StoredField;
  value: string | null;
  valid_from: number;
}

const valueOf = (field: StoredField, value: string | null): string | number | null =>
  value !== null && field === 'arr_cents' ? Number(value) : value;

/** Every value each tracked field of an account has had, with when it held, newest first. */
export function accountHistory(db: Db, accountId: number): AccountHistoryEntry[] {
  const rows = stmt(db, 'SELECT field, value, valid_from FROM account_history WHERE account_id = ? ORDER BY field, valid_from, id').all(
    accountId,
  ) as HistoryRow[];
  const out: AccountHistoryEntry[] = rows.map((r, i) => {
    const next = rows[i + 1];
    return {
      field: fieldOf[r.field],
      value: valueOf(r.field, r.value),
      validFrom: r.valid_from,
      validTo: next && next.field === r.field ? next.valid_from : null,
    };
  });
  return out.sort((a, b) => b.validFrom - a.validFrom || a.field.localeCompare(b.field));
}

export interface AccountValuesAt {
  name: string | null;
  tier: string | null;
  arrCents: number | null;
  renewalDate: string | null;
  owner: string | null;
}

/** What was true of an account at an instant (null before it existed): the base of reviews and replays. */
export function accountAsOf(db: Db, accountId: number, at: number): AccountValuesAt | null {
  const rows = stmt(
    db,
    `SELECT h.field, h.value, h.valid_from FROM account_history h
     WHERE h.account_id = ? AND h.valid_from <= ?
       AND h.id = (SELECT h2.id FROM account_history h2 WHERE h2.account_id = h.account_id AND h2.field = h.field AND h2.valid_from <= ?
                   ORDER BY h2.valid_from DESC, h2.id DESC LIMIT 1)`,
  ).all(accountId, at, at) as HistoryRow[];
  if (rows.length === 0) return null;
  const v: AccountValuesAt = { name: null, tier: null, arrCents: null, renewalDate: null, owner: null };
  for (const r of rows) {
    const value = valueOf(r.field, r.value);
    if (r.field === 'arr_cents') v.arrCents = value as number | null;
    else v[fieldOf[r.field]] = value as string | null;
  }
  return v;
}
