// biome-ignore-all lint/a11y/useSemanticElements: rows are absolutely placed by the virtualiser, which <tr> cannot be; ARIA table roles keep it a table for readers
// biome-ignore-all lint/a11y/useFocusableInteractive: its rows and headers are read, not operated
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

const ROW_PX = 34;

/**
 * A long table kept fast: only the rows in view are in the page (a day's returns may be thousands).
 * When printing, every row is rendered: the PDF holds the whole table.
 */
export function VirtualTable<T>({
  rows,
  columns,
  rowKey,
  testId,
  printing,
}: {
  rows: T[];
  columns: { head: string; cell: (row: T) => ReactNode; className?: string }[];
  rowKey: (row: T) => string;
  testId: string;
  printing: boolean;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 8 });
  const items = printing ? rows.map((_, index) => ({ index, start: index * ROW_PX })) : virtual.getVirtualItems();
  const head = (
    <div className="vt-row vt-head" role="row">
      {columns.map((c) => (
        <span key={c.head} role="columnheader" className={c.className}>
          {c.head}
        </span>
      ))}
    </div>
  );
  return (
    <div className={printing ? 'vt vt-print' : 'vt'} role="table" data-testid={testId} data-rows={rows.length}>
      {head}
      <div ref={scroller} className="vt-body" role="rowgroup">
        <div className="vt-spacer" style={printing ? undefined : { height: virtual.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <div key={rowKey(row)} className="vt-row" role="row" style={printing ? undefined : { transform: `translateY(${item.start}px)` }}>
                {columns.map((c) => (
                  <span key={c.head} role="cell" className={c.className}>
                    {c.cell(row)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
