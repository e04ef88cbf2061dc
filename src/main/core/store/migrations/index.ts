import { sql as v1 } from './001_initial';
import { sql as v2 } from './002_sla_policies';
import { sql as v3 } from './003_slack';
import { sql as v4 } from './004_accounts';
import { sql as v5 } from './005_email';
import { sql as v6 } from './006_conversation_sla';
import { sql as v7 } from './007_grouping';
import { sql as v8 } from './008_crm';

/** Migrations in order; migration N brings the schema to user_version N. Never edit a shipped one. */
export const migrations: readonly string[] = [v1, v2, v3, v4, v5, v6, v7, v8];
