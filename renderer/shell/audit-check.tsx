import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../app-services';
import { startAuditCheck } from '../ledger';

type Broken = Awaited<ReturnType<typeof startAuditCheck>>;

/** Shown to managers (every manager page) when the chain did not verify at start. */
export function AuditChainBanner() {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const [broken, setBroken] = useState<Broken>(null);
  useEffect(() => {
    let live = true;
    void startAuditCheck(db).then((b) => live && setBroken(b));
    return () => {
      live = false;
    };
  }, [db]);
  if (!broken) return null;
  return (
    <p className="banner error" role="alert" data-testid="audit-broken">
      {t('backup.auditBroken', { seq: broken.seq })}
    </p>
  );
}
