// The terminal's width, live: the prompt is laid out again when the window is resized
// (ink redraws on 'resize' but the props it renders would keep the old width).
import { useEffect, useState } from 'react';

export function useColumns(stdout: NodeJS.WriteStream): number {
  const [columns, setColumns] = useState(stdout.columns || 80);
  useEffect(() => {
    const onResize = (): void => setColumns(stdout.columns || 80);
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return columns;
}
