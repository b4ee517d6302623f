// The ink side of the REPL, loaded with import() so that nothing of ink or react is
// loaded unless a terminal session starts. One ink instance per prompt: it is unmounted
// while a command runs, so the command owns the terminal (cooked mode, its own output,
// full-screen programs), and the final frame (prompt + command) stays in the scrollback.
// ink never reads the terminal itself: keys come from the session's Keyboard.
import { render } from 'ink';
import { ApprovalApp, ReplApp, type ReplAppProps } from './components/App.js';
import type { ApprovalQueue } from './hooks/useApproval.js';
import type { Keyboard } from './keyboard.js';
import type { PromptResult, UiState } from './ui-state.js';

const RENDER_OPTIONS = {
  stdout: process.stderr,
  stdin: process.stdin,
  exitOnCtrlC: false,
  patchConsole: false,
  kittyKeyboard: { mode: 'disabled' as const },
};

export async function readCommand(props: Omit<ReplAppProps, 'onDone'>, onFirstFrame?: () => void): Promise<{ result: PromptResult; state: UiState }> {
  let finish!: (v: { result: PromptResult; state: UiState }) => void;
  const finished = new Promise<{ result: PromptResult; state: UiState }>((r) => (finish = r));
  let outcome: { result: PromptResult; state: UiState } | null = null;
  const inst = render(
    <ReplApp
      {...props}
      onDone={(result, state) => {
        outcome = { result, state };
        finish(outcome);
      }}
    />,
    RENDER_OPTIONS,
  );
  const exited = inst.waitUntilExit();
  onFirstFrame?.();
  const value = await finished;
  // Let the frame with the final state commit, then unmount: ink writes it and lets go.
  await new Promise((r) => setImmediate(r));
  inst.unmount();
  await exited.catch(() => undefined);
  return outcome ?? value;
}

/** The approval dialog alone, while a command owns the terminal. Resolves when the queue is empty. */
export async function showApprovals(queue: ApprovalQueue, keyboard: Keyboard, color: boolean): Promise<void> {
  // A command owns the terminal: take the keyboard for the dialog, give it back after.
  const wasStarted = keyboard.isStarted;
  keyboard.start();
  const inst = render(<ApprovalApp queue={queue} keys={keyboard} color={color} />, RENDER_OPTIONS);
  const exited = inst.waitUntilExit();
  await new Promise<void>((resolve) => {
    const unsub = queue.subscribe(() => {
      if (!queue.current()) {
        unsub();
        resolve();
      }
    });
  });
  await new Promise((r) => setImmediate(r));
  inst.clear();
  inst.unmount();
  await exited.catch(() => undefined);
  if (!wasStarted) keyboard.stop();
}
