import type { AccountChip as Chip } from '../../../shared/contract/views';
import { formatMoneyCents } from '../../../shared/domain/format';

/** An account as a card or panel shows it; with `onOpen` (the commander's panel) its name opens the account page. */
export function AccountChip({ account, onOpen }: { account: Chip; onOpen?: (id: number) => void }) {
  return (
    <li className="account">
      {onOpen ? (
        <button type="button" className="link account-name" onClick={() => onOpen(account.id)}>
          {account.name}
        </button>
      ) : (
        <span className="account-name">{account.name}</span>
      )}
      <span className={`tier tier-${account.tier}`}>{account.tier}</span>
      {account.arrCents > 0 && <span className="account-arr">{formatMoneyCents(account.arrCents)}</span>}
      {account.renewsInDays !== null && (
        <span className="renewal" data-soon={account.renewsInDays <= 30 ? 'yes' : 'no'}>
          renews in {account.renewsInDays} {account.renewsInDays === 1 ? 'day' : 'days'}
        </span>
      )}
    </li>
  );
}
