import type { ImportMap, ImportProblem } from '../../../../shared/contract/accounts';

export interface Decoded {
  text: string;
  encoding: string;
  /** Whether some bytes were not valid in the encoding (they read as U+FFFD; the cells holding them are named later). */
  replaced: boolean;
  /** A problem that stops the whole file (an encoding Watchfloor does not read). */
  fatal: ImportProblem | null;
}

const fileProblem = (problem: string, message: string): ImportProblem => ({ problem, row: null, column: null, cell: null, message });

/**
 * A file's bytes (or text already decoded by the app) → text. A byte-order mark decides the
 * encoding and is dropped: UTF-8, UTF-16 LE/BE (as spreadsheets save "Unicode text") are read;
 * UTF-32 is refused. Without a mark the map's encoding is used, UTF-8 by default. Bytes that
 * are not valid there are kept as U+FFFD so each cell holding them can be named.
 */
export function decodeImport(content: Uint8Array | string, encoding: ImportMap['encoding']): Decoded {
  if (typeof content === 'string') {
    const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
    if (text.includes('\u0000')) {
      return {
        text: '',
        encoding: 'text',
        replaced: false,
        fatal: fileProblem(
          'bad_encoding',
          'the file holds NUL characters: it looks like UTF-16 read as UTF-8; save it as UTF-8 (CSV UTF-8)',
        ),
      };
    }
    return { text, encoding: 'text', replaced: text.includes('\uFFFD'), fatal: null };
  }
  const b = content;
  if ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)) {
    return {
      text: '',
      encoding: 'utf-32',
      replaced: false,
      fatal: fileProblem('bad_encoding', 'the file is UTF-32, which Watchfloor does not read; save it as UTF-8'),
    };
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return lossy(b.subarray(3), 'utf-8');
  if (b[0] === 0xff && b[1] === 0xfe) return lossy(b.subarray(2), 'utf-16le');
  if (b[0] === 0xfe && b[1] === 0xff) return lossy(b.subarray(2), 'utf-16be');
  const chosen = encoding ?? 'utf-8';
  if (chosen === 'utf-8' && looksLikeUtf16(b)) {
    return {
      text: '',
      encoding: 'utf-8',
      replaced: false,
      fatal: fileProblem(
        'bad_encoding',
        'the file looks like UTF-16 without a byte-order mark (every other byte is 0); set "encoding": "utf-16le" in the map or save it as UTF-8',
      ),
    };
  }
  return lossy(b, chosen);
}

function lossy(bytes: Uint8Array, encoding: string): Decoded {
  const text = new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(bytes);
  // Only UTF-8 and UTF-16 can hold bytes that are not text; windows-1252 maps every byte.
  return { text, encoding, replaced: text.includes('\uFFFD'), fatal: null };
}

function looksLikeUtf16(b: Uint8Array): boolean {
  const n = Math.min(b.length, 512);
  if (n < 4) return false;
  let zeros = 0;
  for (let i = 0; i < n; i++) if (b[i] === 0) zeros++;
  return zeros > n / 4;
}
