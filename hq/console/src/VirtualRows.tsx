import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

/**
 * A long list kept fast: only the rows in view are in the page (a queue can hold thousands), each measured
 * as drawn (a row with a form is taller). Short lists are drawn whole, so a page of ten reads as a page.
 */
export function VirtualRows<T>({
  rows,
  row,
  rowKey,
  testId,
  maxHeight = 480,
}: {
  rows: T[];
  row: (r: T) => ReactNode;
  rowKey: (r: T) => string;
  testId: string;
  maxHeight?: number;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 44, overscan: 6 });
  if (rows.length <= 30)
    return (
      <ul className="rows" data-testid={testId} data-rows={rows.length}>
        {rows.map((r) => (
          <li key={rowKey(r)}>{row(r)}</li>
        ))}
      </ul>
    );
  return (
    <div ref={scroller} className="rows scroll" style={{ maxHeight }} data-testid={testId} data-rows={rows.length}>
      <ul style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => {
          const r = rows[item.index]!;
          return (
            <li
              key={rowKey(r)}
              data-index={item.index}
              ref={virtual.measureElement}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            >
              {row(r)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
