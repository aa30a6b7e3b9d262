import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * True while the page is being printed (the browser's print, Electron's printToPDF, or print media
 * emulated): long tables then render every row, so the PDF holds the whole day, not the rows in view.
 */
export function usePrinting(forced: boolean): boolean {
  const [printing, setPrinting] = useState(() => typeof matchMedia === 'function' && matchMedia('print').matches);
  useEffect(() => {
    const query = matchMedia('print');
    // flushSync: the print snapshot is taken right after beforeprint, before React would render again.
    const set = (value: boolean) => flushSync(() => setPrinting(value));
    const onChange = (e: MediaQueryListEvent) => set(e.matches);
    const before = () => set(true);
    const after = () => set(query.matches);
    query.addEventListener('change', onChange);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      query.removeEventListener('change', onChange);
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing || forced;
}
