import { deviceName } from '../../i18n/device-name';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PrinterConfigSchema, type PrinterPlace, type PrinterSettings } from '../../../shared/labels/printer-config';
import { useAppServices } from '../../app-services';
import { errorMessage } from '../../errors';
import { useStation } from '../../station-context';
import { enqueueLabel } from '../../ledger';
import { testLabel } from '../labels/test-label';

type Draft = { label: string; kind: 'escpos' | 'zpl'; interface: string; width: 58 | 80; size: '4x6' | '2x1'; place: PrinterPlace };

/** Label printers: where labels go, a test page, and what the printer says about paper and cover. */
export function PrintersSection() {
  const { t, i18n } = useTranslation();
  const { api, settingsState } = useStation();
  const { db, actor, printWorker } = useAppServices();
  const printers = settingsState.settings.printers;
  const [draft, setDraft] = useState<Draft>({ label: '', kind: 'escpos', interface: 'tcp://', width: 80, size: '4x6', place: 'dock' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const status = async (p: PrinterSettings) => {
    try {
      const s = await api.printerStatus({ printerId: p.id });
      setMessage({
        ok: s.known && s.online && !s.paperOut && !s.coverOpen,
        text: s.known
          ? t('printers.status', {
              online: t(s.online ? 'printers.online' : 'printers.offline'),
              paper: t(s.paperOut ? 'printers.paperOut' : s.paperLow ? 'printers.paperLow' : 'printers.paperOk'),
              cover: t(s.coverOpen ? 'printers.coverOpen' : 'printers.coverClosed'),
            })
          : t('printers.statusUnknown', { reason: s.reason }),
      });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(t, err) });
    }
  };
  const printTest = async (p: PrinterSettings) => {
    await enqueueLabel(db, actor, { label: testLabel(deviceName(t, p, 'printer'), new Date(), i18n.language), printerId: p.id });
    printWorker?.wake();
    setMessage({ ok: true, text: t('labels.testQueued') });
  };
  const move = (p: PrinterSettings, place: PrinterPlace) =>
    api
      .settingsSet({ printers: printers.map((x) => (x.id === p.id ? { ...x, place } : x)) })
      .catch((err) => setMessage({ ok: false, text: errorMessage(t, err) }));
  const remove = (p: PrinterSettings) =>
    api.settingsSet({ printers: printers.filter((x) => x.id !== p.id) }).catch((err) => setMessage({ ok: false, text: errorMessage(t, err) }));
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const config =
      draft.kind === 'escpos'
        ? { kind: 'escpos', interface: draft.interface.trim(), width: draft.width }
        : { kind: 'zpl', interface: draft.interface.trim(), size: draft.size };
    const checked = PrinterConfigSchema.safeParse(config);
    if (!checked.success || !/^(tcp:\/\/[^/:]+(:\d+)?\/?|file:.+|\/.+)$/.test(draft.interface.trim())) {
      setMessage({ ok: false, text: t('printers.badInterface') });
      return;
    }
    let n = printers.length + 1;
    while (printers.some((p) => p.id === `printer-${n}`)) n++;
    try {
      await api.settingsSet({
        printers: [...printers, { id: `printer-${n}`, label: draft.label, config: checked.data, ...(draft.place === 'bench' ? { place: 'bench' } : {}) }],
      });
      setMessage({ ok: true, text: t('devices.added', { label: deviceName(t, draft, 'printer') }) });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(t, err) });
    }
  };

  return (
    <div data-testid="printers">
      {printers.length === 0 ? (
        <p className="empty">{t('printers.none')}</p>
      ) : (
        <table className="table">
          <tbody>
            {printers.map((p) => (
              <tr key={p.id} data-testid={`printer-${p.id}`}>
                <td>
                  <strong>{deviceName(t, p, 'printer')}</strong>
                  <div className="muted">
                    {p.config.kind === 'escpos' ? `ESC/POS ${p.config.width ?? 80} mm` : `ZPL ${p.config.size ?? '4x6'} in`} ·{' '}
                    <span className="mono">{p.config.interface}</span>
                  </div>
                </td>
                <td>
                  <label>
                    {t('printers.place')}{' '}
                    <select value={p.place ?? 'dock'} onChange={(e) => void move(p, e.target.value as PrinterPlace)} data-testid={`printer-place-${p.id}`}>
                      <option value="dock">{t('printers.places.dock')}</option>
                      <option value="bench">{t('printers.places.bench')}</option>
                    </select>
                  </label>
                </td>
                <td className="actions">
                  <button type="button" onClick={() => void printTest(p)}>
                    {t('labels.printTest')}
                  </button>
                  <button type="button" onClick={() => void status(p)}>
                    {t('printers.checkStatus')}
                  </button>
                  <button type="button" onClick={() => void remove(p)}>
                    {t('devices.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form wide" onSubmit={(e) => void add(e)} data-testid="add-printer">
        <div className="row">
          <label>
            {t('devices.label')}
            <input value={draft.label} maxLength={64} onChange={(e) => setDraft({ ...draft, label: e.target.value })} autoComplete="off" />
          </label>
          <label>
            {t('printers.language')}
            <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Draft['kind'] })}>
              <option value="escpos">ESC/POS</option>
              <option value="zpl">ZPL</option>
            </select>
          </label>
          <label>
            {t('printers.interface')}
            <input
              value={draft.interface}
              onChange={(e) => setDraft({ ...draft, interface: e.target.value })}
              placeholder="tcp://192.0.2.10:9100"
              autoComplete="off"
            />
          </label>
          <label>
            {t('printers.place')}
            <select value={draft.place} onChange={(e) => setDraft({ ...draft, place: e.target.value as PrinterPlace })}>
              <option value="dock">{t('printers.places.dock')}</option>
              <option value="bench">{t('printers.places.bench')}</option>
            </select>
          </label>
          {draft.kind === 'escpos' ? (
            <label>
              {t('printers.paper')}
              <select value={draft.width} onChange={(e) => setDraft({ ...draft, width: Number(e.target.value) as 58 | 80 })}>
                <option value={80}>80 mm</option>
                <option value={58}>58 mm</option>
              </select>
            </label>
          ) : (
            <label>
              {t('printers.paper')}
              <select value={draft.size} onChange={(e) => setDraft({ ...draft, size: e.target.value as Draft['size'] })}>
                <option value="4x6">4×6 in</option>
                <option value="2x1">2×1 in</option>
              </select>
            </label>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('printers.add')}
          </button>
          <span role="status" className={message?.ok === false ? 'error-text' : 'ok-text'}>
            {message?.text}
          </span>
        </div>
      </form>
    </div>
  );
}
