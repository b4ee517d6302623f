import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'native/build/**', 'node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The kernel is UI-free and usable without the shell (DESIGN.md: shell -> builtins -> kernel -> native).
    files: ['src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/shell/**', '**/shell', '**/builtins/**', '**/builtins'], message: 'src/kernel must not import the shell or builtins' },
          { group: ['ink', 'ink/*', 'react', 'react/*'], message: 'src/kernel is UI-free: no ink/react' },
        ],
      }],
    },
  },
  {
    files: ['src/builtins/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/native/**', '**/kernel/native', '**/kernel/native.js'], message: 'only src/kernel/native.ts loads the addon' }] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
