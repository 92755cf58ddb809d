// Lint rules for guildgate: typescript-eslint's recommended set, the type-aware promise and switch checks, and the layer rule.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The domain is every folder of src/ except http/ and storage/, and except the entry files (with the CLI's commands). */
const entryFiles = [...['main', 'cli', 'serve', 'app', 'services', 'config', 'config-values'].map((name) => `src/${name}.ts`), 'src/cli/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-output/**', 'deploy/**', '*.js', 'test/reporters/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json', './bench/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test() and describe() return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A variable that closures read before its one assignment (a server that its own callbacks log through).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // TypeScript resolves every name; the rule does not know Node's globals in bench/*.mjs.
      'no-undef': 'off',
      // Patterns that refuse control characters name them on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    // Tests read arbitrary JSON answers.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/http/**', 'src/storage/**', ...entryFiles],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)http/', message: 'The domain does not import from src/http/: it owns its types; http/ maps them to schemas.' },
            {
              regex: '(^|/)storage/(?!types\\.js$)',
              message: 'The domain imports only the interfaces in src/storage/types.ts, never a dialect or the store internals.',
            },
          ],
        },
      ],
    },
  },
  {
    // pages.ts is the page plugin: it registers the page routes, and is the one route file that imports others.
    files: ['src/http/routes/**/*.ts'],
    ignores: ['src/http/routes/pages.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\./',
              message: 'A route does not import another route: shared schemas go in http/schemas/, shared page pieces in http/plugins/ or http/views/.',
            },
          ],
        },
      ],
    },
  },
);
