import { indexedLookup } from '../accounts/import/lookup';
import type { CoreContext } from '../context';
import type { SyncPage } from '../sync/connector';
import { getWorkspace } from '../workspace/service';
import { commitCompanies } from './companies';
import { commitContacts } from './contacts';
import type { Scope } from './planning';
import { advanceChannel } from './records';
import type { CrmPage } from './schema';

export function isCrmPage(page: SyncPage): page is CrmPage {
  return 'crm' in page;
}

/** What a page did, in the words of `sync --once`: a record applied only in part counts as stored and as quarantined. */
export interface CrmPageCounts {
  fetched: number;
  stored: number;
  duplicates: number;
  quarantined: number;
}

const crmName: Record<CrmPage['crm'], string> = { hubspot: 'HubSpot' };

/**
 * Commits one CRM page in ONE transaction: companies become accounts (their tier, ARR, renewal
 * date and owner changes entering the accounts' history), contacts become contacts of their
 * company's account, every record's payload is kept in `crm_records`, and the channel's cursor
 * advances — all of it, or none of it after a crash, so a restart reads the page again and finds
 * it unchanged. It uses the accounts import's planners and writers, so a CRM record and a file's
 * row are read and stored by the same rules. A value that cannot be used leaves the stored value
 * as it is and the rest of the record is applied; the payload is quarantined with the reason.
 */
export function commitCrmPage(ctx: CoreContext, channelId: number, page: CrmPage): CrmPageCounts {
  const counts = ctx.db
    .transaction((): CrmPageCounts => {
      const at = ctx.now();
      const lookup = indexedLookup(ctx.db, getWorkspace(ctx.db).tiers);
      const scope: Scope = { db: ctx.db, channelId, page, lookup, at, crm: crmName[page.crm] };
      const outcomes = [...commitCompanies(scope), ...commitContacts(scope)];
      const records = [...page.companies, ...page.contacts];
      const newest = records.length > 0 ? Math.max(...records.map((r) => r.modifiedAt)) : null;
      advanceChannel(ctx.db, channelId, page.cursor, newest, at);
      return {
        fetched: records.length,
        stored: outcomes.filter((o) => o.outcome === 'stored').length,
        duplicates: outcomes.filter((o) => o.outcome === 'unchanged' && !o.partial).length,
        quarantined: outcomes.filter((o) => o.outcome === 'quarantined' || o.partial).length,
      };
    })
    .immediate();
  ctx.bus.publish('accounts', 'channels', 'wallboard');
  return counts;
}
