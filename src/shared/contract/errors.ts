import { z } from 'zod';

/** One error shape for IPC and HTTP alike: a code to branch on, words for a person, and where. */
export const ErrorCode = z.enum(['bad_input', 'not_found', 'conflict', 'unauthorized', 'forbidden', 'unavailable', 'internal']);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  path: z.string().optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

export const httpStatusOf: Record<ErrorCode, number> = {
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;
  constructor(code: ErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.path = path;
  }
  toShape(): ApiErrorShape {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
}

/** Renders a zod issue path the way a person reads it: `events[2].at`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Turns a failed zod parse into the contract's error, naming the first offending field. */
export function badInputFrom(error: z.ZodError, prefix?: string): ApiError {
  const issue = error.issues[0];
  const inner = issue ? formatIssuePath(issue.path) : '';
  const path = prefix ? (inner ? `${prefix}.${inner}` : prefix) : inner;
  const where = path === '' ? 'input' : path;
  return new ApiError('bad_input', `${where}: ${issue?.message ?? 'invalid input'}`, path === '' ? undefined : path);
}
