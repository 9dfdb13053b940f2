// One lint configuration for every workspace (each runs `eslint .` from its own folder; ESLint finds
// this file by walking up). typescript-eslint's type-checked rules, plus the rules that hold the layers:
// `@claimline/db` is imported only by packages/api and the two database handles of the apps, and
// `process.env` is read only by the configuration module.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// The apps' handles on the database; tests and benchmark scripts also read it directly, to check what the
// services wrote. The editor's proxy reads the configuration (the config-only entry of @claimline/db).
const dbHandles = [
  'apps/editor/src/server/db.ts',
  'apps/cli/src/db.ts',
  'apps/editor/src/proxy.ts',
  '**/*.test.ts',
  '**/test/**',
  '**/e2e/**',
  '**/scripts/**',
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/.next/**', '**/generated/**', '**/test-results/**', '**/next-env.d.ts', '**/*.d.ts', 'data/**', '.turbo/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.ts', 'bin/*.mjs', 'scripts/*.mjs', 'scripts/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Floating promises lose errors; fire-and-forget must be written `void promise`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'read configuration through loadConfig() in packages/db/src/config.ts',
        },
        {
          selector: 'MemberExpression[property.name=/^[$](queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe)$/]',
          message: 'hand-written SQL lives in packages/db/src/queries (one place to port to PostgreSQL)',
        },
      ],
    },
  },
  {
    // Apps reach the database through @claimline/api, or through their one handle.
    files: ['apps/**/*.{ts,tsx,mjs}'],
    ignores: dbHandles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@claimline/cli', message: 'apps call @claimline/api services, not the CLI' }],
          patterns: [
            {
              group: ['@claimline/db', '@claimline/db/*'],
              message: 'apps reach the database through @claimline/api, or the handle in src/server/db.ts (editor) / src/db.ts (cli)',
            },
          ],
        },
      ],
    },
  },
  {
    // core is pure: no database, no API.
    files: ['packages/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@claimline/db', '@claimline/api', 'node:fs', 'node:child_process'], message: 'packages/core is pure domain logic' }] },
      ],
    },
  },
  {
    files: ['packages/db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@claimline/api', message: 'db sits below api' }] }],
      // packages/db is where hand-written SQL lives; only the configuration rule applies here.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'read configuration through loadConfig() in packages/db/src/config.ts',
        },
      ],
    },
  },
  {
    // The configuration module; the places that hand the environment to a child process or read a test knob;
    // and the editor's plain-JS server entry, which reads PORT as `next start` does before any
    // TypeScript is loaded.
    files: ['packages/db/src/config.ts', '**/*.test.ts', 'packages/db/src/test/**', '**/e2e/**', '**/scripts/**', 'bench/**', 'apps/editor/server.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Tests read back exported JSON and tRPC error shapes, which are untyped by nature.
    files: ['**/*.test.ts', '**/e2e/**', '**/test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['apps/editor/**/*.tsx', 'apps/editor/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
