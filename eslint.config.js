// ESLint 9 flat config, type-aware (typescript-eslint's project service reads tsconfig.json).
// `npm run lint` runs it with --max-warnings 0, then madge (import cycles) and knip (unused code).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'src/db/generated/**',
      'src/client/generated/**',
      'node_modules/**',
      'dist/**',
      'dashboard/dist/**',
      'data/**',
      'coverage/**',
      'scratch/**',
      'models/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // The code uses `import type { X }` for all-type imports and inline `type X` specifiers in mixed
      // ones; with verbatimModuleSyntax a type imported as a value would stay in the emitted JS.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // A `default:` branch is the code's way of saying "every other stage alike": it counts as exhaustive.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Off: in-memory implementations of Promise-returning interfaces (event bus, image store, queue, test
      // doubles) are `async` without an `await` so that a throw becomes a rejection, as in the real ones.
      '@typescript-eslint/require-await': 'off',
      // Keys dropped by destructuring into a rest object (`{ scores: _, ...rest }`) and `_`-prefixed parameters are meant to be unused.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Plain JavaScript (this file, scripts/*.mjs) is outside tsconfig.json: no type information to check against.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
