import type { AccountChip as Chip } from '../../../shared/contract/views';
import { formatMoneyCents } from '../../../shared/domain/format';

export function AccountChip({ account }: { account: Chip }) {
  return (
    <li className="account">
      <span className="account-name">{account.name}</span>
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
