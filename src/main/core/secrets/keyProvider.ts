import { randomBytes } from 'node:crypto';
import { chmodSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_BYTES = 32;
export const KEY_FILE = 'secret.key';

/** Raised for a key that is missing, malformed or of the wrong length; never carries key material. */
export class SecretKeyError extends Error {
  readonly code = 'secret_key';
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/**
 * Where the workspace key comes from. The headless host and the CLI read it from the environment
 * or a key file; the desktop app wraps the same 32 bytes with Electron's safeStorage
 * (`wrappedFileKeyProvider`), so the Electron dependency stays in the shell.
 */
export interface KeyProvider {
  /** The 32-byte workspace key, created on first use where the provider can create one. */
  key(): Buffer;
}

/** Accepts 32 bytes written as hex (64 characters) or base64 (44 characters with padding). */
export function parseKey(text: string, source: string): Buffer {
  const t = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) key = Buffer.from(t, 'base64');
  if (!key || key.length !== KEY_BYTES) {
    throw new SecretKeyError(
      `${source} must be ${KEY_BYTES} bytes written as hex (64 characters) or base64 (44 characters); ` +
        `it decodes to ${key ? key.length : 0} bytes`,
    );
  }
  return key;
}

export interface EnvOrFileOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Told once, when a new key file was written (the CLI says so on stderr). */
  onCreated?: (path: string) => void;
}

/**
 * `WATCHFLOOR_SECRET_KEY` when set; otherwise `secret.key` beside the workspace database,
 * created with mode 0600 on first use. Losing the file loses the channel secrets (not the data).
 */
export function envOrFileKeyProvider(opts: EnvOrFileOptions): KeyProvider {
  let cached: Buffer | null = null;
  return {
    key() {
      if (cached) return cached;
      const fromEnv = (opts.env ?? process.env).WATCHFLOOR_SECRET_KEY;
      cached = fromEnv !== undefined && fromEnv !== '' ? parseKey(fromEnv, 'WATCHFLOOR_SECRET_KEY') : fileKey(opts);
      return cached;
    },
  };
}

function fileKey(opts: EnvOrFileOptions): Buffer {
  const path = join(opts.dataDir, KEY_FILE);
  const existing = readKeyFile(path);
  if (existing) return parseKey(existing.toString('utf8'), path);
  const key = randomBytes(KEY_BYTES);
  let fd: number;
  try {
    // O_EXCL: two processes creating the key at once must not end with two different keys.
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return parseKey(readFileSync(path, 'utf8'), path);
    throw err;
  }
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, 0o600);
  opts.onCreated?.(path);
  return key;
}

function readKeyFile(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** What a host's OS keychain offers (Electron's safeStorage has exactly this shape). */
export interface KeyWrapper {
  encryptString(plain: string): Buffer;
  decryptString(wrapped: Buffer): string;
}

/**
 * The desktop's provider: the same random 32 bytes, stored in `secret.key.wrapped` encrypted by
 * the OS keychain. Pure: the Electron main process passes `safeStorage` in as the wrapper.
 */
export function wrappedFileKeyProvider(dataDir: string, wrapper: KeyWrapper, onCreated?: (path: string) => void): KeyProvider {
  const path = join(dataDir, `${KEY_FILE}.wrapped`);
  let cached: Buffer | null = null;
  return {
    key() {
      if (cached) return cached;
      const wrapped = readKeyFile(path);
      if (wrapped) {
        cached = parseKey(wrapper.decryptString(wrapped), path);
        return cached;
      }
      const key = randomBytes(KEY_BYTES);
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, wrapper.encryptString(key.toString('base64')));
      } finally {
        closeSync(fd);
      }
      onCreated?.(path);
      cached = key;
      return key;
    },
  };
}
