import { describeZodError } from '../../../shared/errors';
import type { OutboxItem } from '../../../shared/sync/protocol';
import { OUTBOX_TYPES, isOutboxType, type OutboxType } from '../../../shared/sync/outbox-types';
import { RecordRefused } from '../errors';
import { RECORD_TYPES } from './record-types';
import type { PushScope } from './scope';

// biome-ignore lint/suspicious/noExplicitAny: checked against its type's schema (OUTBOX_TYPES) before any record type reads it
export type Payload = Record<string, any>;

export interface ParsedItem {
  seq: number;
  type: OutboxType;
  createdAt: string;
  payload: Payload;
  /** The payload as the station sent it: what payload columns keep, as the record log does. */
  sent: unknown;
}

/**
 * Reads a pushed record by its type's schema and version; what HQ cannot read, keep or let this station
 * write is a RecordRefused. `storable`: its JSON can be kept as jsonb (see storable.ts).
 */
export function parseItem(scope: PushScope, item: OutboxItem, storable: boolean): ParsedItem {
  if (!storable)
    throw new RecordRefused(
      'unstorable_text',
      `${item.type} record ${item.seq} holds a value PostgreSQL cannot keep (U+0000, a lone surrogate, a date out of its range): kept as escaped text only`,
    );
  if (!isOutboxType(item.type)) throw new RecordRefused('unknown_type', `no record type ${item.type} at HQ`);
  const spec = OUTBOX_TYPES[item.type];
  if (item.v !== spec.v) throw new RecordRefused('unsupported_version', `${item.type} v${item.v} is not understood here (HQ reads v${spec.v})`);
  const parsed = spec.schema.safeParse(item.payload);
  if (!parsed.success) throw new RecordRefused('invalid_record', `${item.type}: ${describeZodError(parsed.error)}`);
  const payload = parsed.data as Payload;
  const notYours = RECORD_TYPES[item.type].notYours?.(scope, payload);
  if (notYours) throw new RecordRefused('not_your_record', notYours);
  return { seq: item.seq, type: item.type, createdAt: item.createdAt, payload, sent: item.payload };
}
