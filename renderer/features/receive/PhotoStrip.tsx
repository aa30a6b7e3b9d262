import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../../app-services';

/** Thumbnails of photos by their SHA-256, read from the station database. */
export function PhotoStrip({ hashes }: { hashes: string[] }) {
  const { t } = useTranslation();
  const { db } = useAppServices();
  const photos = useLiveQuery(() => db.photos.bulkGet(hashes), [db, hashes.join()]);
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const made = (photos ?? []).filter(Boolean).map((p) => URL.createObjectURL(p!.blob));
    setUrls(made);
    return () => {
      for (const u of made) URL.revokeObjectURL(u);
    };
  }, [photos]);
  if (hashes.length === 0) return null;
  return (
    <div className="photos" data-testid="photos">
      {t('photos.count', { count: hashes.length })}
      {urls.map((u, i) => (
        <img key={u} src={u} alt={t('photos.alt', { n: i + 1 })} data-testid="photo" />
      ))}
    </div>
  );
}
