import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/*.js', 'src/content/_*.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // stdout is the MCP channel on stdio: everything goes through the logger to stderr.
      'no-console': 'error',
    },
  },
  {
    // The Zammad client knows nothing of MCP.
    files: ['src/zammad/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@modelcontextprotocol/*'], message: 'src/zammad has no MCP imports' }] },
      ],
    },
  },
  {
    // Only the Zammad client (and the sandbox's own tests) talk HTTP to Zammad.
    files: ['src/**/*.ts'],
    ignores: ['src/zammad/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Use the Zammad client (src/zammad).' }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: [
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
      'src/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
    ],
    rules: { 'no-console': 'off' },
  },
);
