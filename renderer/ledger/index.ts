/**
 * The station's ledger: the only code that writes the station database. Every user action is one
 * transaction that writes its records, a hash-chained audit event and the outbox rows HQ will receive;
 * features call these functions and read through the queries, and never write tables themselves
 * (test/boundaries checks it).
 */
export * from './record-action';
export * from './audit-chain';
export * from './audit-retention';
export * from './parcels';
export * from './pending';
export * from './units';
export * from './unit-changes';
export * from './item-decision';
export * from './held';
export * from './hq-tasks';
export * from './containers';
export * from './completion';
export * from './exceptions';
export * from './refunds';
export * from './policies';
export * from './queries';
export * from './print-jobs';
export * from './reference-data';
export * from './sync-state';
export * from './day-data';
export * from './day-close';
export * from './access';
export * from './health';
// Not re-exported: './backup' (it brings the zip and export libraries; Settings imports it itself, lazily).
