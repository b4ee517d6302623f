// Kept in sync with package.json by test/cli.test.ts (no JSON read at start-up).
export const VERSION = '0.1.0';
