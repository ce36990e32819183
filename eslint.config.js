// ESLint for correctness and folder boundaries (design.md, convention 9):
// shared/ imports nothing platform-specific; the renderer never imports electron or node;
// only electron/adapters import electron, electron-store or axios.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'child_process', 'net', 'url'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeBuiltins,
            'electron',
            'electron-store',
            'axios',
            'react',
            'react-dom',
            '@mui/*',
            '../electron/*',
            '../renderer/*',
            '../keyservice/*',
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...nodeBuiltins,
            'electron',
            'electron-store',
            'axios',
            '../electron/*',
            '../../electron/*',
            '../../../electron/*',
            '**/keyservice/**',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require'],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/adapters/**', 'electron/main.ts', 'electron/preload.ts'],
    rules: {
      // Types are fine anywhere (they vanish at build time); values only in the adapters.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', allowTypeImports: true },
            { name: 'electron-store', allowTypeImports: true },
            { name: 'axios', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
