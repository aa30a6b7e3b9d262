import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../i18n/bytes';
import { OUTER_CONDITIONS, gtinOf, isOrderedItem, nameOfItemInHand, type UnitEvaluation } from '../../../shared/returns';
import { typedBus } from '../../devices/scan-bus';
import { CodeEntry } from './CodeEntry';
import { CompletedPanel } from './CompletedPanel';
import { HistoryPanel } from './HistoryPanel';
import { InspectPanel } from './InspectPanel';
import { LabelAlerts } from './LabelAlerts';
import { OverridePanel } from './OverridePanel';
import { PhotoStrip } from './PhotoStrip';
import { RecycleForm } from './RecycleForm';
import { ParcelSummary } from './ParcelSummary';
import { SignIn } from '../../shell/SignIn';
import { UnfinishedParcels } from './UnfinishedParcels';
import { WeighStep } from './WeighStep';
import { useAppServices } from '../../app-services';
import { flashText } from './receiving-state';
import { useReceiving } from './use-receiving';

/** Receiving, keyboard and scanner only: scan the parcel, weigh, condition, scan and inspect each item, complete. */
export function ReceivePage() {
  const { t, i18n } = useTranslation();
  const r = useReceiving();
  const { step, parcel, flash } = r;
  const pending = parcel?.pending;
  const checklist = pending ? r.checklistOf(pending) : [];
  // The override form belongs to the item it was opened for: another item in hand starts without it.
  const [overridingItem, setOverridingItem] = useState<string>();
  const overriding = !!pending && overridingItem === pending.id;
  const setOverriding = (on: boolean) => setOverridingItem(on ? pending?.id : undefined);
  const { signOut, db } = useAppServices();
  const currency = r.returns.find((e) => e.rmaNo === pending?.rmaNo)?.currency;

  // The rules' decision, previewed as soon as every check is answered (and again whenever what it reads changes).
  const complete = pending && checklist.length > 0 && checklist.every((c) => pending.answers[c.id] !== undefined);
  const decision: UnitEvaluation | null =
    useLiveQuery(
      async () => (parcel && pending && complete ? r.evaluation(parcel, pending).catch(() => null) : null),
      [parcel?.id, JSON.stringify(pending?.answers), complete],
    ) ?? null;

  // Keys: Enter/Escape/Backspace/F2 arrive as key events; letters and digits via the typed-keys bus. What
  // each means is intent.ts's; the page does only what needs the page (the code field, the override form).
  const codeField = useRef<HTMLInputElement>(null);
  const live = useRef({ r, overriding, setOverriding });
  live.current = { r, overriding, setOverriding };
  useEffect(() => {
    const press = (key: string) => {
      const intent = live.current.r.press(key, live.current.overriding);
      if (intent !== 'queued' && intent.do === 'focusCode') codeField.current?.focus();
      if (intent !== 'queued' && intent.do === 'openOverride') live.current.setOverriding(true);
      return intent !== 'queued' && intent.do === 'nothing' ? 'ignored' : 'handled';
    };
    const onChar = (text: string) => {
      for (const ch of text) press(ch);
    };
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
      if (e.key !== 'Enter' && e.key !== 'Escape' && e.key !== 'Backspace' && e.key !== 'F2') return;
      if (press(e.key) === 'handled' && (e.key === 'Enter' || e.key === 'F2')) e.preventDefault();
    };
    const offTyped = typedBus.subscribe(onChar);
    window.addEventListener('keydown', onKey);
    return () => {
      offTyped();
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  // The item in hand by its own name (a wrong item is not called by the one it replaced), and the expected one beside it.
  const gtin = pending ? gtinOf(pending.scan) : undefined;
  const catalogItem = useLiveQuery(() => (gtin ? db.catalog.get(gtin) : undefined), [db, gtin]);
  const itemName = pending ? nameOfItemInHand(pending, r.lineOf(pending), catalogItem?.name) : '';
  const insteadOf = pending && !isOrderedItem(pending.match) ? r.lineOf(pending)?.name : undefined;

  return (
    <section className="page receive" data-testid="receive" data-step={step}>
      <div className="section-head">
        <h1>{t('nav.receive')}</h1>
        {r.user && (
          <p data-testid="signed-in">
            {t('signIn.as', { name: r.user.name, role: t(`signIn.roles.${r.user.role}`) })}{' '}
            <button type="button" onClick={signOut}>
              {t('signIn.signOut')}
            </button>
          </p>
        )}
      </div>
      <LabelAlerts />
      {r.storage.level !== 'ok' && (
        <p className={`banner ${r.storage.level === 'full' ? 'error' : 'warn'}`} role="alert" data-testid="storage-banner">
          {t(`storage.${r.storage.level}`, {
            free: formatBytes(r.storage.freeBytes ?? 0, i18n.language),
            where: t(`storage.limitedBy.${r.storage.limitedBy ?? 'disk'}`),
          })}
        </p>
      )}
      {flash && (
        <p className={`flash flash-${flash.kind}`} role="status" data-testid="flash">
          {flashText(t, flash)}
        </p>
      )}

      {/* On a dock monitor the parcel (its return, notices, units) sits beside the step while the box is weighed and opened. */}
      <div className="receive-work">
        <div className="step-card" data-testid={`step-${step}`}>
          <h2>{t(`receive.steps.${step}`)}</h2>
          {r.recycling && <RecycleForm onRecord={r.recordRecycled} onCancel={r.closeRecycling} />}
          {step === 'signin' && <SignIn hasUsers={r.hasUsers} />}
          {step === 'parcel' && <p className="big-hint">{t('receive.scanParcel')}</p>}
          {step === 'weigh' && <WeighStep r={r} />}
          {step === 'condition' && (
            <div>
              <p className="big-hint">{t('receive.conditionHint')}</p>
              <ol className="choices">
                {OUTER_CONDITIONS.map((c, i) => (
                  <li
                    key={c}
                    className={parcel?.outerCondition === c ? 'enter-choice' : undefined}
                    data-testid={parcel?.outerCondition === c ? 'enter-choice' : undefined}
                  >
                    <kbd>{i + 1}</kbd> {t(`vocab.outerConditions.${c}`)}
                    {parcel?.outerCondition === c && (
                      <>
                        {' '}
                        <kbd>{t('receive.enterKey')}</kbd>
                      </>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          )}
          {step === 'items' && (
            <p className={r.emptyAsked ? 'big-hint error-text' : 'big-hint'}>{r.emptyAsked ? t('receive.confirmEmpty') : t('receive.scanItems')}</p>
          )}
          {step !== 'inspect' && (step === 'condition' || step === 'items') && <p className="muted small">{t('photos.hint')}</p>}
          {step === 'inspect' && pending && (
            // Checklist and decision side by side on a dock monitor (1366×800): the decision Enter accepts is never below the fold.
            <div className="inspect-layout">
              <div>
                <InspectPanel checklist={checklist} pending={pending} name={itemName} {...(insteadOf ? { insteadOf } : {})} />
                <PhotoStrip hashes={pending.photos ?? []} />
                <p className="muted small">{t('photos.hint')}</p>
              </div>
              {decision?.status === 'decided' && (
                <div className={`decision acceptance-${decision.acceptance}`} data-testid="decision">
                  <p className="decision-head">
                    {t('receive.grade')} {decision.grade} · {decision.channel !== 'quarantine' && `${t(`vocab.dispositions.${decision.disposition}`)} → `}
                    {t(`vocab.channels.${decision.channel}`)} · {t(`receive.acceptance.${decision.acceptance}`)}
                  </p>
                  {!overriding && parcel && r.photosMissing(parcel, pending).length > 0 ? (
                    <p className="error-text enter-to-accept" data-testid="photo-required">
                      {r
                        .photosMissing(parcel, pending)
                        .map((m) => t(`reasons.${m.key}`, { ...m.params, condition: t(`vocab.outerConditions.${parcel.outerCondition}`) }))
                        .join(' ')}
                    </p>
                  ) : !overriding && r.secondLookOf(pending) ? (
                    <p className="error-text enter-to-accept" data-testid="second-look">
                      {t(`reasons.${r.secondLookOf(pending)!.key}`, { ...r.secondLookOf(pending)!.params, currency })}
                    </p>
                  ) : (
                    !overriding && (
                      <p className="enter-to-accept" data-testid="enter-to-accept">
                        {t('receive.enterToAccept')}
                      </p>
                    )
                  )}
                  {!overriding && <p className="muted">{t(parcel && r.photosMissing(parcel, pending).length > 0 ? 'override.photoHint' : 'override.hint')}</p>}
                  {overriding && parcel && (
                    <OverridePanel
                      initial={{ disposition: decision.disposition, acceptance: decision.acceptance, faultParty: decision.faultParty }}
                      error={flash?.about === 'pin' ? flashText(t, flash) : undefined}
                      onCancel={() => setOverriding(false)}
                      photosMissing={r.photosMissing(parcel, pending).length > 0}
                      onSubmit={(input) => void r.overrideWithPin(parcel, pending, input, { disposition: decision.disposition })}
                    />
                  )}
                  <ul>
                    {decision.reasons.map((reason, i) => (
                      <li key={i}>{t(`reasons.${reason.key}`, { ...reason.params, currency })}</li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          )}
          {(step === 'parcel' || step === 'items' || step === 'inspect') && <CodeEntry ref={codeField} />}
        </div>

        <ParcelSummary r={r} />
        {step === 'parcel' && r.completed && <CompletedPanel completed={r.completed} />}
      </div>

      {(step === 'parcel' || step === 'signin') && (
        <>
          <UnfinishedParcels />
          <details className="history-box">
            <summary>{t('history.heading')}</summary>
            <HistoryPanel />
          </details>
        </>
      )}
    </section>
  );
}
