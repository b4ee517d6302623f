// Who wants to know that a conversation changed (the agents-as-files mirror), by store root.
// Module-level because every `think`, `conv` and agent run makes a ConversationStore of its
// own; a module of its own so that the files view, which the kernel loads at start-up, does
// not pull in the store (and node:crypto with it).

export type ConversationWatcher = (id: string, dir: string) => void;

const watchers = new Map<string, Set<ConversationWatcher>>();

/** Calls fn(id, dir) after a conversation under `root` is created or appended to. */
export function watchConversations(root: string, fn: ConversationWatcher): () => void {
  let set = watchers.get(root);
  if (!set) watchers.set(root, (set = new Set()));
  set.add(fn);
  return () => {
    set.delete(fn);
    if (set.size === 0) watchers.delete(root);
  };
}

/** Tells the watchers of `root` (a watcher's failure is not the conversation's). */
export function conversationChanged(root: string, id: string, dir: string): void {
  const set = watchers.get(root);
  if (!set) return;
  for (const fn of [...set]) {
    try {
      fn(id, dir);
    } catch {
      // the mirror's problem
    }
  }
}
