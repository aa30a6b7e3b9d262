import { mine, mineIfHeld } from '../owners';
import type { RecordType } from '../record-type';
import { pushNew } from '../segment';
import { addPhotoRefs } from './units';

/** A photo taken of a parcel or a unit of this station; the photo itself may then be uploaded. */
const added: RecordType = {
  async apply(ctx, p) {
    const { client, scope } = ctx;
    if (p.entity === 'parcel') {
      const owner = await mine(client, scope, 'parcel', p.parcelId, 'unknown_parcel', `parcel ${p.parcelId} was never opened at HQ`);
      await client.query(
        'update parcels set photos = case when $4 = any(photos) then photos else photos || $4 end where warehouse_id = $1 and parcel_id = $2 and opened_at = $3',
        [scope.warehouseId, p.parcelId, owner.at, p.sha256],
      );
    }
    if (p.entity === 'unit') {
      const owner = await mineIfHeld(client, scope, 'unit', p.entityId);
      if (owner)
        await client.query(
          'update units set photos = case when $4 = any(photos) then photos else photos || $4 end where warehouse_id = $1 and lpn = $2 and received_at = $3',
          [scope.warehouseId, p.entityId, owner.at, p.sha256],
        );
    }
    await addPhotoRefs(ctx, [p.sha256]);
  },
  fold(seg, p, item) {
    if (p.entity === 'parcel') pushNew(seg.parcel(p.parcelId, item.seq).add_photos, p.sha256);
    if (p.entity === 'unit') pushNew(seg.unit(p.entityId, item.seq, false).add_photos, p.sha256);
    seg.photo(p.sha256);
  },
};

export const PHOTO_RECORDS = { 'photo.added': added } satisfies Record<string, RecordType>;
