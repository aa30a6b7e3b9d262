import type pg from 'pg';
import type { OutboxType } from '../../../shared/sync/outbox-types';
import type { ParsedItem, Payload } from './parse';
import type { SegmentBuilder } from './segment';
import type { PushScope } from './scope';

export interface ApplyContext {
  client: pg.ClientBase;
  scope: PushScope;
  item: ParsedItem;
}

/**
 * Everything HQ does with one outbox type, in one place: how a record is applied on its own (the
 * reference, inside the push's transaction, checking whose rows it changes) and how it folds into a
 * segment for the bulk path — which must write exactly the same rows, return steps and refusals (proved
 * by test/hq/hq-apply-batch.test.ts). A type without `fold` is applied on its own even inside a batch.
 */
export interface RecordType {
  apply(ctx: ApplyContext, p: Payload): Promise<void>;
  fold?(segment: SegmentBuilder, p: Payload, item: ParsedItem): void;
  /** Why this station may not send this record at all (an id outside the prefixes HQ gave it), checked as it is read; null when it may. */
  notYours?(scope: PushScope, p: Payload): string | null;
  /** The row this record brings into being: a change to it placed before it in a batch is applied record by record. */
  opens?(p: Payload): { kind: 'parcel' | 'unit'; id: string };
}

export type RecordTypes = { [K in OutboxType]: RecordType };
