import type { RecordTypes } from './record-type';
import { CONTAINER_RECORDS } from './records/containers';
import { DAY_RECORDS } from './records/days';
import { EXCEPTION_RECORDS } from './records/exceptions';
import { LABEL_JOB_RECORDS } from './records/label-jobs';
import { PARCEL_RECORDS } from './records/parcels';
import { PHOTO_RECORDS } from './records/photos';
import { REFUND_RECORDS } from './records/refunds';
import { TASK_RECORDS } from './records/tasks';
import { UNIT_RECORDS } from './records/units';

/** Every outbox type's entry (see record-type.ts): a type missing here does not compile. */
export const RECORD_TYPES: RecordTypes = {
  ...PARCEL_RECORDS,
  ...PHOTO_RECORDS,
  ...UNIT_RECORDS,
  ...LABEL_JOB_RECORDS,
  ...EXCEPTION_RECORDS,
  ...REFUND_RECORDS,
  ...TASK_RECORDS,
  ...DAY_RECORDS,
  ...CONTAINER_RECORDS,
};
