import type { z } from 'zod';
import { formatIssuePath } from '../../../shared/contract/errors';

/**
 * A channel config file's problems in words, each named by its key (unknown keys listed as such),
 * never echoing a value: the value may be a password or token.
 */
export function describeConfigIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      if (i.code === 'unrecognized_keys') {
        const keys = i.keys.map((k) => `"${formatIssuePath([...i.path, k])}"`);
        return `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
      }
      const where = formatIssuePath(i.path) || 'config';
      return `"${where}": ${i.message}`;
    })
    .join('; ');
}
