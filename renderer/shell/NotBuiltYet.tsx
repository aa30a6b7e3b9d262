import { useTranslation } from 'react-i18next';

/** An honest placeholder: names the area and says it does not work yet. */
export function NotBuiltYet({ area }: { area: 'reconcile' }) {
  const { t } = useTranslation();
  return (
    <section className="not-built" data-testid={`not-built-${area}`}>
      <h1>{t(`nav.${area}`)}</h1>
      <div className="notice">
        <h2>{t('notBuilt.heading')}</h2>
        <p>{t(`notBuilt.${area}`)}</p>
      </div>
    </section>
  );
}
