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
          { group: ['**/mcp/**', '**/mcp', '@modelcontextprotocol/*'], message: 'src/mcp is a face over the kernel: the kernel never imports it' },
        ],
      }],
    },
  },
  {
    files: ['src/builtins/**/*.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/native/**', '**/kernel/native', '**/kernel/native.js'], message: 'only src/kernel/native.ts loads the addon' },
          // Start-up: the MCP SDK and src/mcp load with import() when mcp or agent needs them.
          { group: ['**/mcp/**', '@modelcontextprotocol/*'], allowTypeImports: true, message: 'load src/mcp and the MCP SDK with import() (keep aosh -c start-up light)' },
        ],
      }],
    },
  },
  {
    // A face over the kernel, like the shell: never the shell or the builtins.
    files: ['src/mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/shell/**', '**/shell', '**/builtins/**', '**/builtins', '**/kernel/native', '**/kernel/native.js'], message: 'src/mcp imports the kernel, never the shell, builtins or the addon' }] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
