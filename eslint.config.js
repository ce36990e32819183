// ESLint for correctness and folder boundaries (design.md, convention 9):
// shared/ imports nothing platform-specific; the renderer never imports electron or node;
// only electron/adapters import electron or electron-store, and talk HTTP to a site (node:http, node:https);
// only the web host, the scripts, the benchmarks and the tests import the key service.
// One file gets one setting per rule (a later block replaces an earlier one), so each block that restricts imports
// repeats the key service pattern; test/unit/build/lint-boundaries.test.ts checks every folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'child_process', 'net', 'url'];

/**
 * The key service is a test and demo double of a Flywheel site, never shipped in the app (design.md): app code
 * (electron, renderer, shared) must not import it, not even its types.
 */
const keyServiceMessage =
  'App code must not import the key service: only electron/web-host, scripts, bench and test may (design.md).';
const keyServiceImports = { group: ['**/keyservice', '**/keyservice/**'], message: keyServiceMessage };
/** Where the key service may be imported from (and the key service itself). */
const keyServiceUsers = ['electron/web-host/**', 'scripts/**', 'bench/**', 'test/**', 'keyservice/**'];

/** Values of these only in the adapters; types are fine anywhere (they vanish at build time). */
const electronOnlyPaths = [
  { name: 'electron', allowTypeImports: true },
  { name: 'electron-store', allowTypeImports: true },
];
/** The site's HTTP is the adapters' (node-site-http.ts): services reach a site only through the SiteHttp port. */
const siteHttpPaths = ['node:http', 'node:https', 'http', 'https'].map((name) => ({
  name,
  allowTypeImports: true,
  message: 'Only electron/adapters talk HTTP to a site (node-site-http.ts); services use the SiteHttp port.',
}));

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
    // Everything but the key service's users: electron (adapters, main and preload included), renderer, shared
    // and the root config files. The blocks below narrow this for their folders and repeat the pattern.
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: keyServiceUsers,
    rules: {
      'no-restricted-imports': ['error', { patterns: [keyServiceImports] }],
      // no-restricted-imports does not look at import(): a dynamic import of the key service is refused here.
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/(^|\\/)keyservice(\\/|$)/]', message: keyServiceMessage },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...nodeBuiltins,
                'electron',
                'electron-store',
                'react',
                'react-dom',
                '@mui/*',
                '../electron/*',
                '../renderer/*',
              ],
            },
            keyServiceImports,
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
            {
              group: [...nodeBuiltins, 'electron', 'electron-store', '../electron/*', '../../electron/*', '../../../electron/*'],
            },
            keyServiceImports,
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require'],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/adapters/**', 'electron/main.ts', 'electron/preload.ts', 'electron/web-host/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...electronOnlyPaths, ...siteHttpPaths], patterns: [keyServiceImports] }],
    },
  },
  {
    // The web host runs the key service for `npm run web -- --demo`; electron values stay in the adapters here too.
    files: ['electron/web-host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: electronOnlyPaths }],
    },
  },
);
