import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

// Layers (see README "Architecture"): components → state → lib/jitsi → lib/jwt → jose; lib/editor → @codemirror.
// A wrong-way import fails `npm run lint`.
const noUi = {
  group: ['svelte', 'svelte/*', '**/state/**', '**/components/**', '*.svelte'],
  message: 'src/lib is the pure core: it must not import Svelte, state or components.',
};
const joseOnlyInJwt = {
  group: ['jose'],
  message: 'Only src/lib/jwt/ talks to jose; call its functions instead.',
};
const noCodeMirror = {
  group: ['@codemirror/*', 'codemirror'],
  message: 'Only src/lib/editor/ and components use CodeMirror.',
};

/** One lint block per lib/jitsi folder, forbidding the folders it must not import (plus the core's own bans). */
function jitsiFolderRules(forbidden) {
  return Object.entries(forbidden).map(([folder, banned]) => ({
    files: [`src/lib/jitsi/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noUi,
            joseOnlyInJwt,
            noCodeMirror,
            ...banned.map((other) => ({
              group: [`**/jitsi/${other}/**`, `../${other}/**`],
              message: `lib/jitsi/${folder} must not depend on lib/jitsi/${other} (see README "Architecture").`,
            })),
          ],
        },
      ],
    },
  }));
}

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'svelte/no-at-html-tags': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/jwt/**', 'src/lib/editor/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noUi, joseOnlyInJwt, noCodeMirror] }],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'sessionStorage', 'navigator'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is an input in the core.' },
      ],
    },
  },
  // Inside lib/jitsi, each folder models one thing; the arrows run client ← server ← config/explain, client ←
  // generate ← config, and client/server ← jaas ← generate/config/explain. The model of what prosody or the web
  // client does never depends on how we explain or generate tokens, nor on one hosted deployment's rules.
  ...jitsiFolderRules({
    client: ['server', 'config', 'generate', 'explain', 'jaas'],
    server: ['config', 'generate', 'explain', 'jaas'],
    jaas: ['config', 'generate', 'explain'],
    generate: ['server', 'config', 'explain'],
    config: ['explain'],
    explain: ['generate'],
  }),
  {
    files: ['src/lib/jwt/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noUi,
            noCodeMirror,
            { group: ['**/jitsi/**'], message: 'lib/jwt must not depend on lib/jitsi.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'sessionStorage', 'navigator'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is an input in the core.' },
      ],
    },
  },
  {
    files: ['src/lib/editor/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noUi, joseOnlyInJwt] }],
    },
  },
  {
    files: ['src/state/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            joseOnlyInJwt,
            { group: ['**/components/**'], message: 'state must not import components.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/components/**/*.svelte', 'src/App.svelte'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [joseOnlyInJwt] }],
    },
  },
);
