import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createParcelWeigher, DEFAULT_PARCEL_WEIGHER, type WeigherState } from '../../../shared/devices/parcel-weigher';
import { StationError } from '../../../shared/errors';
import type { DeviceConfig } from '../../../shared/settings/schema';
import { useAppServices } from '../../app-services';
import type { ParcelRow } from '../../db/station-db';
import { errorMessage } from '../../errors';
import { recordWeight } from '../../ledger';
import { useStation } from '../../station-context';
import { beep } from '../../shell/feedback';

/**
 * The parcel's weight from the scale's live readings: captured once per stable reading, never the
 * previous parcel's (the plate must have shown empty since), never an empty plate or a negative drift.
 * Every reading is watched, so the clerk is told at once why no weight is taken (moving, overloaded,
 * nothing on the plate) instead of after a timeout.
 */
export function useWeighing(parcel: ParcelRow | null | undefined, scale: DeviceConfig | undefined) {
  const { t } = useTranslation();
  const { api } = useStation();
  const { db, actor } = useAppServices();
  const weigher = useRef(
    createParcelWeigher({ ...DEFAULT_PARCEL_WEIGHER, ...(scale?.minParcelGrams !== undefined ? { minGrams: scale.minParcelGrams } : {}) }),
  );
  const [state, setState] = useState<WeigherState>({ kind: 'waiting', why: 'no_readings' });
  const [failure, setFailure] = useState<string>();
  const wanted = useRef<ParcelRow | null>(null);
  wanted.current = parcel && !parcel.weight && (parcel.status === 'open' || parcel.status === 'inspecting') ? parcel : null;
  const actorRef = useRef(actor);
  actorRef.current = actor;

  useEffect(() => {
    if (!scale) return;
    return api.onScaleReading(({ id, reading }) => {
      if (id !== scale.id) return;
      const target = wanted.current;
      const next = weigher.current.push(reading, target !== null);
      setState(next);
      if (next.kind === 'captured' && target) {
        wanted.current = null;
        recordWeight(db, actorRef.current, target.id, { grams: Math.round(next.grams), stable: true, source: 'scale', scaleId: scale.id })
          .then(() => setFailure(undefined))
          .catch((err) => {
            // Weighed already (a second window, a resumed parcel): the first weight stands.
            if (err instanceof StationError && err.code === 'already_weighed') return;
            setFailure(errorMessage(t, err));
            beep('error');
          });
      }
    });
  }, [api, db, scale, t]);

  /** R: the plate is clear (a scale that never reports below the minimum), take the next stable weight. */
  const retry = useCallback(() => {
    weigher.current.arm();
    setFailure(undefined);
  }, []);
  /** Z: zero the scale (a drifted or negative zero); T: tare (a tray or a crate on the plate). */
  const command = useCallback(
    async (which: 'zero' | 'tare') => {
      if (!scale) return;
      try {
        await api.scaleCommand({ id: scale.id, command: which });
      } catch (err) {
        setFailure(errorMessage(t, err));
      }
    },
    [api, scale, t],
  );
  const zero = useCallback(() => command('zero'), [command]);
  const tare = useCallback(() => command('tare'), [command]);

  const problem = state.kind === 'remove_previous' || (state.kind === 'waiting' && state.why !== 'in_motion' && state.why !== 'no_readings');
  return { state, failure, problem, retry, zero, tare };
}
export type Weighing = ReturnType<typeof useWeighing>;
