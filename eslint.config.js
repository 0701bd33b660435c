// @ts-check
// ESLint for the whole tree: typescript-eslint's type-aware recommended rules everywhere, React's hook rules in web/src.
// Every rule turned off or tuned below says why; `npm run lint` (inside `npm test`) runs it with a cache.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'web/dist/',
      'data/',
      'demo/',
      'docs/',
      'bench/results/',
      'test/extract/fixtures/',
      'web/public/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks a parameter or binding kept on purpose (a uniform signature, a destructured omission).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Off: async is part of the contract in the places it flags — Fastify plugins (`async (app) => …`), interface
      // implementations (a mailer's `send`, the OIDC adapter, the scheduler) — and dropping it would turn a rejected
      // promise into a synchronous throw.
      '@typescript-eslint/require-await': 'off',
      // `cond ? a() : b()` and `ok && run()` are used as statements in the parsers; bare comma sequences are not allowed.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // Kysely's expression builder is meant to be destructured (`({ not, exists, selectFrom }) => …`, its documented
    // style); its functions do not use `this`.
    files: ['src/db/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Tests read response bodies through Fastify's `inject(…).json()`, which is `any` by design, and assert on them
    // field by field; typing every body in a test would add casts, not safety. The unsafe-any rules stay on elsewhere.
    files: ['test/**/*.ts'],
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
    files: ['web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Plain JavaScript (this file, bin/mandate.js, .dependency-cruiser.cjs, worker bootstraps) is not in tsconfig: lint it without types.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly' },
    },
  },
);
