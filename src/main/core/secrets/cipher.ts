import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_BYTES } from './keyProvider';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretDecryptError extends Error {
  readonly code = 'secret_undecryptable';
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

/**
 * AES-256-GCM: version byte | 12-byte IV | 16-byte tag | ciphertext. The context (e.g. the
 * channel's name) is authenticated, so a secret copied onto another row does not decrypt.
 */
export function sealSecret(key: Buffer, plain: string, context: string): Buffer {
  if (key.length !== KEY_BYTES) throw new Error(`workspace key must be ${KEY_BYTES} bytes`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export function openSecret(key: Buffer, sealed: Uint8Array, context: string): string {
  const buf = Buffer.from(sealed);
  if (buf.length < 1 + IV_BYTES + TAG_BYTES || buf[0] !== VERSION) {
    throw new SecretDecryptError(`the stored secret for ${context} is not in a format this Watchfloor knows`);
  }
  const iv = buf.subarray(1, 1 + IV_BYTES);
  const tag = buf.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(buf.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptError(
      `the stored secret for ${context} cannot be decrypted with this workspace key ` +
        '(was WATCHFLOOR_SECRET_KEY or secret.key changed?); add the channel again to store it anew',
    );
  }
}
