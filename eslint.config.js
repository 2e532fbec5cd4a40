import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { readdirSync } from 'node:fs';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The web app is one folder per feature (web/src/features/<name>/) plus one shared folder. A feature
// reaches another only through its public entry (features/<other>/index.ts); shared/ knows no feature;
// the router, App.vue and main.ts see features only through their entries.
const FEATURES = readdirSync(new URL('./web/src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const entries = (except) => FEATURES.filter((f) => f !== except).map((f) => `./${f}/index.ts`);
const webBoundaries = [
  ...FEATURES.map((f) => ({
    target: `./web/src/features/${f}`,
    from: './web/src/features',
    except: [`./${f}`, ...entries(f)],
    message: `Feature '${f}' may use another feature only through its entry '@/features/<name>' (index.ts), never its internals.`,
  })),
  {
    target: './web/src/shared',
    from: './web/src/features',
    message: 'web/src/shared is for what every feature uses: it must not depend on a feature.',
  },
  {
    target: ['./web/src/router', './web/src/App.vue', './web/src/main.ts'],
    from: './web/src/features',
    except: entries(null),
    message: 'The app shell reaches features only through their entries (features/<name>/index.ts).',
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'migrations/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['web/src/**/*.{ts,vue}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'web/tsconfig.json' })],
      'import-x/extensions': ['.ts', '.vue'],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: webBoundaries }] },
  },
  {
    files: ['scripts/**', 'tests/bench/**', 'seeds/**', '**/build.mjs', 'tests/e2e/**'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
