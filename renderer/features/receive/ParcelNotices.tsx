import { useTranslation } from 'react-i18next';
import type { Reason } from '../../../shared/returns';

const STOP = new Set(['notice.cancelled', 'notice.receivedAll', 'notice.late', 'notice.afterDeadline', 'notice.noDeliveryDate']);
const LOOK = new Set(['notice.highValue', 'notice.receivedPart']);

/** What the clerk is told at the parcel scan, before opening it: the stops first (red), then what to watch for. */
export function ParcelNotices({ notices, currency }: { notices: Reason[]; currency: string }) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  const rank = (r: Reason) => (STOP.has(r.key) ? 0 : LOOK.has(r.key) ? 1 : 2);
  return (
    <ul className="parcel-notices" data-testid="parcel-notices">
      {[...notices]
        .sort((a, b) => rank(a) - rank(b))
        .map((n) => (
          <li key={n.key} className={rank(n) === 0 ? 'notice-stop' : rank(n) === 1 ? 'notice-look' : 'notice-info'} data-testid={n.key}>
            {t(`reasons.${n.key}`, { ...n.params, currency })}
          </li>
        ))}
    </ul>
  );
}
