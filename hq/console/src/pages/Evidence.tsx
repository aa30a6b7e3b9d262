import { strToU8, zipSync } from 'fflate';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hq, problemOf } from '../api';
import { dateTime } from '../format';
import { Photos } from './ReturnDetail';

interface Pack {
  lpn: string;
  warehouseId: string;
  photos: { sha256: string; url: string }[];
  photosWaived: { by: string; reason: string } | null;
  exceptions: { kind: string; status: string; resolution: string | null; created_at: string }[];
  tasks: { kind: string; status: string; created_at: string }[];
  audit: { at: string; station: string; who: string; action: string }[];
  records: unknown[];
}

/** A unit's evidence for a dispute: who did what and when, its photos, exceptions and claims — on the page and as one zip. */
export function Evidence({
  lpn,
  warehouseId,
  zone,
  people,
  onClose,
}: {
  lpn: string;
  warehouseId: string;
  zone: string | undefined;
  people: Record<string, string>;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const [pack, setPack] = useState<Pack | null>(null);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    hq.call('evidence', { params: { lpn }, query: { warehouse: warehouseId } })
      .then((p) => setPack(p as unknown as Pack))
      .catch((err) => setProblem(problemOf(t, err)));
  }, [lpn, warehouseId, t]);

  const download = async () => {
    if (!pack) return;
    const files: Record<string, Uint8Array> = { 'evidence.json': strToU8(JSON.stringify(pack, null, 2)) };
    for (const p of pack.photos) {
      const res = await fetch(p.url, { credentials: 'same-origin' });
      if (res.ok) files[`photos/${p.sha256}.${(res.headers.get('content-type') ?? 'image/jpeg').split('/')[1]}`] = new Uint8Array(await res.arrayBuffer());
    }
    const url = URL.createObjectURL(new Blob([zipSync(files) as BlobPart], { type: 'application/zip' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `evidence-${lpn}.zip` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section className="card evidence" data-testid="evidence" aria-label={t('evidence.heading', { lpn })}>
      <div className="head">
        <h3>{t('evidence.heading', { lpn })}</h3>
        <span>
          <button type="button" className="primary" onClick={() => void download()} disabled={!pack} data-testid="evidence-zip">
            {t('evidence.download')}
          </button>{' '}
          <button type="button" onClick={onClose}>
            {t('evidence.close')}
          </button>
        </span>
      </div>
      {problem && <p className="error">{problem}</p>}
      {pack && (
        <>
          <Photos photos={pack.photos} />
          {pack.photosWaived && (
            <p className="warn">{t('evidence.waived', { who: people[pack.photosWaived.by] ?? pack.photosWaived.by, reason: pack.photosWaived.reason })}</p>
          )}
          <h4>{t('evidence.whoDidWhat')}</h4>
          <ol className="timeline" data-testid="evidence-audit">
            {pack.audit.map((a, i) => (
              <li key={`${a.at}-${i}`}>
                <time dateTime={a.at}>{dateTime(a.at, i18n.language, zone)}</time> {people[a.who] ?? a.who} ·{' '}
                {t(`actions.${a.action}`, { defaultValue: a.action })} · {a.station}
              </li>
            ))}
          </ol>
          {pack.exceptions.length > 0 && (
            <>
              <h4>{t('evidence.exceptions')}</h4>
              <ul>
                {pack.exceptions.map((x, i) => (
                  <li key={i}>
                    {t(`vocab.exceptions.${x.kind}`, { defaultValue: x.kind })} · {t(`vocab.exceptionStatus.${x.status}`, { defaultValue: x.status })}
                    {x.resolution ? ` · ${x.resolution}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          {pack.tasks.length > 0 && (
            <>
              <h4>{t('evidence.tasks')}</h4>
              <ul>
                {pack.tasks.map((x, i) => (
                  <li key={i}>
                    {t(`vocab.tasks.${x.kind}`, { defaultValue: x.kind })} · {t(`vocab.taskStatus.${x.status}`, { defaultValue: x.status })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p className="muted">{t('evidence.records', { count: pack.records.length })}</p>
        </>
      )}
    </section>
  );
}
