// The interactive aosh session (ink). Loaded by cli.ts only when stdin is a terminal.
export { runRepl } from './session.js';
