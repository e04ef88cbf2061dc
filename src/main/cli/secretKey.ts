import { envOrFileKeyProvider, type KeyProvider } from '../core/secrets/keyProvider';
import type { CliIo } from './io';

/** The workspace key for CLI verbs; a newly created key file is announced once on stderr. */
export function cliKeyProvider(dataDir: string, io: CliIo): KeyProvider {
  return envOrFileKeyProvider({
    dataDir,
    onCreated: (path) =>
      io.stderr.write(
        `watchfloor: created the workspace key ${path} (mode 0600); channel passwords are encrypted with it. ` +
          'Keep it with the workspace, or set WATCHFLOOR_SECRET_KEY instead.\n',
      ),
  });
}
