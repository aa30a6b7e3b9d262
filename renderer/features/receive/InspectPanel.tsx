import { useTranslation } from 'react-i18next';
import type { Checklist } from '../../../shared/returns';
import type { PendingItem } from '../../db/station-db';

/** The checklist for the item in hand: 1/Y yes, 2/N no, 3/0 does not apply; Enter accepts. */
export function InspectPanel({ checklist, pending, name, insteadOf }: { checklist: Checklist; pending: PendingItem; name: string; insteadOf?: string }) {
  const { t } = useTranslation();
  const current = checklist.findIndex((c) => pending.answers[c.id] === undefined);
  return (
    <div className="inspect" data-testid="inspect">
      <p className="item-name">
        {name} <span className={`badge match-${pending.match}`}>{t(`receive.match.${pending.match}`)}</span>
      </p>
      {insteadOf && (
        <p className="muted" data-testid="instead-of">
          {t('receive.insteadOf', { name: insteadOf })}
        </p>
      )}
      <ol className="checks">
        {checklist.map((c, i) => {
          const a = pending.answers[c.id];
          return (
            <li key={c.id} className={`${i === current ? 'current' : ''} ${a ? `answer-${a}` : ''}`} data-testid={`check-${c.id}`}>
              <span className="check-name">{t(`vocab.checks.${c.id}`)}</span>
              <span className="check-answer">{a ? t(`receive.answers.${a}`) : i === current ? t('receive.answerKeys') : ''}</span>
            </li>
          );
        })}
      </ol>
      {/* Once all is answered, "Enter accepts" is said with the decision it accepts, never apart from it. */}
      {current !== -1 && <p className="muted">{t('receive.inspectHint')}</p>}
    </div>
  );
}
