import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** The biggest single file of an export read into memory; a day of one channel is far smaller. */
export const MAX_EXPORT_FILE_BYTES = 256 * 1024 * 1024;

/** A workspace export, zipped or unpacked: its JSON files by path (`general/2016-01-15.json`), read on demand. */
export interface ExportSource {
  /** Every file, with `/` separators, relative to the export's root (the folder holding channels.json). */
  readonly files: readonly string[];
  read(path: string): Promise<Buffer>;
  close(): void;
}

export class ExportSourceError extends Error {
  readonly code = 'bad_export';
  constructor(message: string) {
    super(message);
    this.name = 'ExportSourceError';
  }
}

export async function openExportSource(path: string): Promise<ExportSource> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    throw new ExportSourceError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return isDir ? folderSource(path) : zipSource(path);
}

/** The folder the export's index files are in: the root, or the one folder a zip often wraps everything in. */
function rootOf(files: readonly string[]): string {
  const indexes = files.filter((f) => /(^|\/)channels\.json$/.test(f)).sort((a, b) => a.split('/').length - b.split('/').length);
  const first = indexes[0];
  return first ? first.slice(0, first.length - 'channels.json'.length) : '';
}

function rooted(all: string[]): { files: string[]; prefix: string } {
  const prefix = rootOf(all);
  return { files: all.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)), prefix };
}

function folderSource(dir: string): ExportSource {
  const all: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) all.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  const { files, prefix } = rooted(all);
  return {
    files,
    read: (f) => {
      const p = join(dir, ...`${prefix}${f}`.split('/'));
      if (statSync(p).size > MAX_EXPORT_FILE_BYTES)
        return Promise.reject(new ExportSourceError(`${f} is larger than ${MAX_EXPORT_FILE_BYTES} bytes`));
      return Promise.resolve(readFileSync(p));
    },
    close: () => undefined,
  };
}

async function zipSource(path: string): Promise<ExportSource> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))),
  ).catch((err: unknown) => {
    throw new ExportSourceError(`${path} is neither a folder nor a readable zip: ${(err as Error).message}`);
  });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/')) entries.set(e.fileName, e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (err: Error) => reject(new ExportSourceError(`${path}: ${err.message}`)));
    zip.readEntry();
  });
  const { files, prefix } = rooted([...entries.keys()]);
  return {
    files,
    read: async (f) => {
      const entry = entries.get(`${prefix}${f}`);
      if (!entry) throw new ExportSourceError(`${f} is not in ${path}`);
      if (entry.uncompressedSize > MAX_EXPORT_FILE_BYTES) throw new ExportSourceError(`${f} is larger than ${MAX_EXPORT_FILE_BYTES} bytes`);
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (err, s) => (err ? reject(new ExportSourceError(`${f}: ${err.message}`)) : resolve(s))),
      );
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    close: () => zip.close(),
  };
}
