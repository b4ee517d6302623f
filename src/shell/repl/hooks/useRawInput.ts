// Raw keyboard input from ink's stdin (raw mode while mounted). Our own decoder reads it,
// so the fast first prompt, the app and the tests agree on what each key means.
import { useEffect, useRef } from 'react';
import { useStdin } from 'ink';

export function useRawInput(onData: (data: string) => void, initialInput?: string): void {
  const { internal_eventEmitter, setRawMode, isRawModeSupported } = useStdin();
  const handler = useRef(onData);
  handler.current = onData;
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    const listener = (data: string | Buffer): void => handler.current(String(data));
    internal_eventEmitter.on('input', listener);
    if (initialInput) handler.current(initialInput);
    return () => {
      internal_eventEmitter.off('input', listener);
      if (isRawModeSupported) setRawMode(false);
    };
  }, []);
}
