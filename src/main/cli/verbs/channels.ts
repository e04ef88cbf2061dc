import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ImapConfigError } from '../../core/channels/imap/config';
import { addImapChannel, ChannelExistsError } from '../../core/channels/imap/addChannel';
import { listChannels } from '../../core/channels/listing';
import { addWebhookChannel } from '../../core/channels/webhook/addChannel';
import { SmtpError } from '../../core/channels/imap/smtp';
import { addSlackChannel } from '../../core/channels/slack/addChannel';
import { SlackConfigError } from '../../core/channels/slack/config';
import { addHubSpotChannel } from '../../core/crm/hubspot/addChannel';
import { HubSpotConfigError } from '../../core/crm/hubspot/config';
import { SecretKeyError } from '../../core/secrets/keyProvider';
import { openDb } from '../../core/store/db';
import { ConnectorError } from '../../core/sync/connector';
import { UsageError, writeLine, type CliIo } from '../io';
import { cliKeyProvider } from '../secretKey';

/** `channels add imap` checks the server before storing anything; `channels list` prints JSON Lines without secrets. */
export async function runChannels(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list') return list(rest, io);
  if (sub === 'add') return add(rest, io);
  throw new UsageError(sub === undefined ? 'channels: say "add" or "list"' : `channels: unknown subcommand "${sub}"`);
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, strict: true });
  if (!values['data-dir']) throw new UsageError('channels list: --data-dir is required');
  const db = openDb(resolve(values['data-dir']), { create: false });
  try {
    for (const c of listChannels(db)) await writeLine(io.stdout, JSON.stringify(c));
    return 0;
  } finally {
    db.close();
  }
}

async function add(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, name: { type: 'string' }, config: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [kind, ...extra] = positionals;
  if (kind !== 'imap' && kind !== 'webhook' && kind !== 'slack' && kind !== 'hubspot')
    throw new UsageError(
      kind === undefined
        ? 'channels add: say which kind (imap, slack, webhook, hubspot)'
        : `channels add: unknown kind "${kind}" (known: imap, slack, webhook, hubspot)`,
    );
  if (extra.length > 0) throw new UsageError(`channels add: unexpected "${extra.join(' ')}"`);
  if (!values['data-dir']) throw new UsageError('channels add: --data-dir is required');
  if (!values.name) throw new UsageError('channels add: --name is required');
  if (kind === 'webhook') {
    if (values.config !== undefined)
      throw new UsageError('channels add webhook: takes no --config (its only setting is the secret it makes)');
    return addWebhook(resolve(values['data-dir']), values.name, io);
  }
  if (!values.config) throw new UsageError('channels add: --config FILE is required');
  const dataDir = resolve(values['data-dir']);
  const db = openDb(dataDir, { create: false });
  try {
    let configText: string;
    try {
      configText = readFileSync(values.config, 'utf8');
    } catch (err) {
      io.stderr.write(`watchfloor: cannot read ${values.config}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 1;
    }
    const input = { name: values.name, configText, source: values.config };
    const keys = cliKeyProvider(dataDir, io);
    const channel =
      kind === 'slack'
        ? await addSlackChannel(db, keys, input, Date.now())
        : kind === 'hubspot'
          ? await addHubSpotChannel(db, keys, input, Date.now())
          : await addImapChannel(db, keys, input, Date.now());
    await writeLine(io.stdout, JSON.stringify(channel));
    return 0;
  } catch (err) {
    if (
      err instanceof ImapConfigError ||
      err instanceof SlackConfigError ||
      err instanceof HubSpotConfigError ||
      err instanceof ChannelExistsError ||
      err instanceof ConnectorError ||
      err instanceof SmtpError ||
      err instanceof SecretKeyError
    ) {
      io.stderr.write(`watchfloor: channels add: ${err.message}; nothing was stored\n`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}

/** Prints the new webhook channel with its path and secret: the only time the secret is ever shown. */
async function addWebhook(dataDir: string, name: string, io: CliIo): Promise<number> {
  const db = openDb(dataDir, { create: false });
  try {
    const channel = addWebhookChannel(db, cliKeyProvider(dataDir, io), { name }, Date.now());
    await writeLine(io.stdout, JSON.stringify(channel));
    io.stderr.write(
      `watchfloor: senders POST to ${channel.path} with ${channel.signatureHeader}; ` +
        'the secret above is shown this once: give it to the sender now\n',
    );
    return 0;
  } catch (err) {
    if (err instanceof ChannelExistsError || err instanceof SecretKeyError) {
      io.stderr.write(`watchfloor: channels add: ${err.message}; nothing was stored\n`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}
