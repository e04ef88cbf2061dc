// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint enforces the house plan's boundaries (docs/architecture.md): shared/ is pure, the core
 * knows nothing of Electron or React, the renderer nothing of Node, the preload only the contract.
 */
const nodeBuiltins = { group: ['node:*'], message: 'shared/ and the renderer do no I/O: keep Node out.' };
const electron = {
  name: 'electron',
  message: 'Only src/main/index.ts and the preload may touch Electron; the core runs under plain Node.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'reports/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electron,
            { name: 'better-sqlite3', message: 'shared/ is pure: no store.' },
            { name: 'react', message: 'shared/ is pure: no UI.' },
          ],
          patterns: [nodeBuiltins, { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'shared/ imports only shared/.' }],
        },
      ],
    },
  },
  {
    files: ['src/main/core/**', 'src/main/server/**', 'src/main/cli/**', 'src/main/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, { name: 'react', message: 'The core has no UI.' }],
          patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'The core talks to the renderer only through the contract.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, { name: 'better-sqlite3', message: 'The renderer reaches the store only through the contract.' }],
          patterns: [nodeBuiltins, { group: ['**/main/**'], message: 'The renderer imports shared/ and its own files only.' }],
        },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/renderer/**', 'zod'], message: 'The preload exposes call names only; it imports nothing else.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/core/log.ts', 'scripts/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // A BenchModule's run() is async by contract even when its work is synchronous.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
