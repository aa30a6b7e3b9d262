import { createContext, useContext } from 'react';

/** Opens the records behind a number (LPNs, parcel ids, exception ids) in the records panel. */
export const DrillContext = createContext<(title: string, ids: string[]) => void>(() => undefined);

/** A number a manager can open: a button showing the count, listing its records when pressed. */
export function Num({ title, ids, value }: { title: string; ids: string[]; value?: number | string }) {
  const open = useContext(DrillContext);
  const shown = value ?? ids.length;
  if (ids.length === 0) return <span className="num">{shown}</span>;
  return (
    <button type="button" className="num link" onClick={() => open(title, ids)} aria-label={`${title}: ${shown}`}>
      {shown}
    </button>
  );
}
