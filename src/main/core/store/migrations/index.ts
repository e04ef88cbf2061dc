import { sql as v1 } from './001_initial';
import { sql as v2 } from './002_sla_policies';

/** Migrations in order; migration N brings the schema to user_version N. Never edit a shipped one. */
export const migrations: readonly string[] = [v1, v2];
