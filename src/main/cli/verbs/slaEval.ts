import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { evaluateSlaLine } from '../../../shared/sla/evalCase';

export interface SlaEvalIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `sla-eval`: one SLA clock case per JSON line in, one result line out, written as soon as its
 * line arrives so a caller holding the pipe open gets each answer. Exit status 1 when any line
 * was rejected.
 */
export async function runSlaEval(io: SlaEvalIo): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  let anyRejected = false;
  for await (const line of lines) {
    lineNo += 1;
    let output: string | null;
    try {
      output = evaluateSlaLine(line, lineNo);
    } catch (cause) {
      // A bug in the engine must not cost the caller the remaining lines.
      const message = `internal error: ${(cause as Error).message}`;
      io.stderr.write(`sla-eval line ${lineNo}: ${message}\n`);
      output = JSON.stringify({ error: { line: lineNo, path: '', message } });
    }
    if (output === null) continue;
    // Result lines begin with "state"; only rejections begin with "error".
    if (output.startsWith('{"error"')) anyRejected = true;
    if (!io.stdout.write(`${output}\n`)) await once(io.stdout, 'drain');
  }
  return anyRejected ? 1 : 0;
}
