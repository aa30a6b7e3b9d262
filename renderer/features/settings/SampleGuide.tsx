import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SAMPLE_STORIES, sampleGuide } from '../../../shared/reference/sample-guide';
import { useAppServices } from '../../app-services';

/** Once the sample is loaded: each sample return, what it is there to show, and the codes to scan for it. */
export function SampleGuide() {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const loaded = useLiveQuery(async () => (await db.expectedReturns.where('rmaNo').anyOf(Object.keys(SAMPLE_STORIES)).count()) > 0, [db]);
  const guide = useMemo(() => sampleGuide(), []);
  if (!loaded) return null;
  return (
    <details className="sample-guide" data-testid="sample-guide" open>
      <summary>{t('sampleGuide.heading')}</summary>
      <table>
        <thead>
          <tr>
            <th>{t('sampleGuide.return')}</th>
            <th>{t('sampleGuide.shows')}</th>
            <th>{t('sampleGuide.items')}</th>
          </tr>
        </thead>
        <tbody>
          {guide.map((g) => (
            <tr key={g.rmaNo}>
              <td>
                <span className="mono">{g.rmaNo}</span>
                <br />
                <small className="muted">
                  {g.customer}
                  {g.tracking && (
                    <>
                      {' · '}
                      <span className="mono">{g.tracking}</span>
                    </>
                  )}
                </small>
              </td>
              <td>{t(`sampleGuide.stories.${g.story}`)}</td>
              <td>
                {g.items.map((i) => (
                  <div key={`${g.rmaNo}-${i.gtin}`}>
                    {i.name} <span className="mono">{i.gtin}</span>
                    {!i.shipped && <small className="muted"> ({t('sampleGuide.notShipped')})</small>}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
