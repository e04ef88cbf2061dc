import { StoreError } from '../core/store/db';
import { exportUsage, runExport } from './verbs/export';
import { groupUsage, runGroup } from './verbs/group';
import { initUsage, runInit } from './verbs/init';
import { runSlaEval } from './verbs/slaEval';
import { UsageError, type CliIo } from './io';

/**
 * `npm run cli -- <verb>`: the core's third face. Data on stdout (JSON Lines or one JSON
 * document), logs on stderr; exit 0 success, 1 failure, 2 usage.
 */
const verbs: Record<string, { usage: string; summary: string; run: (argv: string[], io: CliIo) => Promise<number> }> = {
  init: { usage: initUsage, summary: 'create a workspace (empty, or the demo with --demo)', run: runInit },
  export: { usage: exportUsage, summary: 'write the workspace as JSON Lines (no raw payloads, no secrets)', run: runExport },
  'sla-eval': {
    usage: 'sla-eval < cases.jsonl',
    summary: 'evaluate SLA clock cases, one JSON object per line, answering each line as it is read',
    run: (_argv, io) => runSlaEval(io),
  },
  group: {
    usage: groupUsage,
    summary: 'group reports of the same problem, one JSON object per line in, one {"id","group"} line out in input order',
    run: runGroup,
  },
  channels: {
    usage:
      'channels add imap|slack|hubspot --data-dir D --name N --config FILE | channels add webhook --data-dir D --name N | channels list --data-dir D',
    summary:
      'add an IMAP, Slack or HubSpot CRM channel (checks the server first; the password or token is stored encrypted), add a webhook channel (prints its /hooks path and signing secret once), or list channels as JSON Lines',
    // Loaded on use: the mail libraries are not every verb's start-up cost.
    run: async (argv, io) => (await import('./verbs/channels')).runChannels(argv, io),
  },
  import: {
    usage: 'import --data-dir D --file F [--format csv|jsonl] [--channel NAME]',
    summary: 'import ticket messages from a CSV or JSON Lines file into a file channel; bad rows reported and quarantined',
    run: async (argv, io) => (await import('./verbs/import')).runImport(argv, io),
  },
  accounts: {
    usage:
      'accounts import --data-dir D --file F [--map MAP.json] [--apply [--skip-invalid]] | accounts list --data-dir D | accounts outreach --data-dir D --incident ID',
    summary:
      "import accounts or contacts from CSV/JSON (a dry run of JSON Lines unless --apply), list accounts as JSON Lines, or write an incident's outreach list as CSV",
    run: async (argv, io) => (await import('./verbs/accounts')).runAccounts(argv, io),
  },
  'import-slack': {
    usage: 'import-slack --data-dir D --file EXPORT.zip|FOLDER [--channel NAME]',
    summary:
      'load a Slack workspace export as a Slack channel\'s history (default channel "Slack export"); importing again stores nothing twice',
    run: async (argv, io) => (await import('./verbs/importSlack')).runImportSlack(argv, io),
  },
  sync: {
    usage: 'sync --data-dir D --once [--channel N]',
    summary: 'pull every enabled channel until caught up, one JSON line per channel; exit 1 if any failed or the sync lock is held',
    run: async (argv, io) => (await import('./verbs/sync')).runSync(argv, io),
  },
};

function help(): string {
  const lines = ['usage: npm run cli -- <verb> [options]', '', 'verbs:'];
  lines.push('  help                 show this help');
  for (const v of Object.values(verbs)) lines.push(`  ${v.usage}\n      ${v.summary}`);
  return lines.join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') {
    (verb === undefined ? io.stderr : io.stdout).write(`${help()}\n`);
    return verb === undefined ? 2 : 0;
  }
  const entry = verbs[verb];
  if (!entry) {
    io.stderr.write(`watchfloor: unknown verb "${verb}"\n\n${help()}\n`);
    return 2;
  }
  try {
    return await entry.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`watchfloor: ${(err as Error).message}\nusage: npm run cli -- ${entry.usage}\n`);
      return 2;
    }
    if (err instanceof StoreError) {
      io.stderr.write(`watchfloor: ${err.message}\n`);
      return 1;
    }
    io.stderr.write(`watchfloor: ${verb} failed: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] !== undefined && /cli[/\\]main\.[cm]?[jt]s$|cli\.js$/.test(process.argv[1]);
if (isEntry) {
  runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`watchfloor: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
