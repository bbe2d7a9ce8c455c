import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Imports a layer must not make (DESIGN.md, "Layout"); each entry is a module name pattern.
 * @param {string[]} groups
 * @param {string} message
 * @returns {import('eslint').Linter.RulesRecord}
 */
const forbid = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default ts.config(
  { ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'static/', '.bench/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      // The relay serves the app from the root of its origin: paths never need a base prefix.
      'svelte/no-navigation-without-resolve': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'Use $lib/… instead of ../../' }] },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
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
    files: ['src/lib/domain/**'],
    rules: forbid(
      [
        'svelte',
        'svelte/*',
        '$app/*',
        'dexie',
        'y-indexeddb',
        'y-websocket',
        '$lib/local/*',
        '$lib/sync/*',
        '$lib/state/*',
        '$lib/components/*',
        '../../*',
      ],
      'domain/ is pure TypeScript over Yjs (DESIGN.md): no UI, storage or network.',
    ),
  },
  {
    files: ['src/lib/local/**'],
    rules: forbid(
      [
        'svelte',
        'svelte/*',
        '$app/*',
        'y-websocket',
        '$lib/state/*',
        '$lib/components/*',
        '$lib/sync/*',
        '../../*',
      ],
      'local/ may import domain, dexie and y-indexeddb only.',
    ),
  },
  {
    files: ['src/lib/sync/**'],
    rules: forbid(
      [
        'svelte',
        'svelte/*',
        '$app/*',
        'dexie',
        'y-indexeddb',
        '$lib/state/*',
        '$lib/components/*',
        '$lib/local/*',
        '../../*',
      ],
      'sync/ may import domain, y-websocket and y-protocols only.',
    ),
  },
  {
    files: ['src/lib/state/**'],
    rules: forbid(
      ['$lib/components/*', 'y-websocket', 'y-indexeddb', 'dexie', '../../*'],
      'state/ reaches storage and network through local/ and sync/, never components.',
    ),
  },
  {
    files: ['src/lib/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'yjs',
                'dexie',
                'y-indexeddb',
                'y-websocket',
                'y-protocols/*',
                '$lib/local/*',
                '$lib/sync/*',
                '../../*',
              ],
              message: 'Components get state by props or context; no Yjs, Dexie or sync here.',
            },
            {
              group: ['$lib/domain/*'],
              allowTypeImports: true,
              message: 'Components may only `import type` from domain.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/routes/**'],
    rules: forbid(
      ['yjs', 'dexie', 'y-indexeddb', 'y-websocket', '$lib/local/*', '$lib/sync/*', '../../*'],
      'Routes are thin: state and components only.',
    ),
  },
  {
    // Tests reach across the tree (server/, src/) by relative path.
    files: ['tests/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['server/**'],
    rules: forbid(
      [
        'svelte',
        'svelte/*',
        '$app/*',
        '$lib/*',
        'dexie',
        'y-indexeddb',
        '**/src/lib/state/*',
        '**/src/lib/components/*',
        '**/src/lib/local/*',
        '**/src/lib/sync/*',
        '**/src/routes/*',
      ],
      'The relay may import only ids from src/lib/domain/.',
    ),
  },
);
