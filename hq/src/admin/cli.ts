/**
 * `npm run hq -- admin …`: HQ's administration from a terminal on HQ's machine. While HQ runs on the same
 * data folder the command goes to the running HQ (its admin API, with the secret it left in its run
 * folder), so the two never open the embedded database at once; when none runs it opens the data itself,
 * holding the folder so HQ cannot start underneath. The same commands, and the same words, either way.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { hashPin, pinProblem, StationUserSchema } from '../../../shared/returns/records/user';
import { createHqClient, HqCallError, type FetchLike } from '../../../shared/hq-api/client';
import { openDatabase } from '../db';
import { HqError } from '../errors';
import { migrate } from '../migrate';
import { HQ_ROLES, type HqRole, type HqUser } from '../../../shared/hq-api/people';
import { listUsers, putUser } from '../people/users';
import * as ops from './operations';
import { DataDirHeld, holdDataDir, readAdminAccess } from './run-files';

export const ADMIN_HELP = `HQ administration (while HQ runs, commands go to it; otherwise they open its data):
  admin warehouse <WAREHOUSE-ID> [name] [--tz Asia/Shanghai]
                                                  add (or rename) a warehouse; its days are counted in --tz
  admin warehouses                                list warehouses
  admin code <WAREHOUSE-ID> <STATION-ID> [hours]   a one-time enrolment code for a station (adds the station)
  admin revoke <WAREHOUSE-ID> <STATION-ID>         the station's token and its unused codes stop working
  admin stations [WAREHOUSE-ID]                   stations, their state and last push
  admin load <WAREHOUSE-ID> <file.csv|json> …      expected returns, catalog, policies, users for the stations
  admin delete <WAREHOUSE-ID> <kind> <key>         remove a reference row (stations delete it on their next pull)
  admin user <WAREHOUSE-ID> <USER-ID> <name> clerk|manager [--badge CODE]
                                                  add or change a station user; the PIN is read from HQ_USER_PIN
                                                  or typed (managers 6+ digits, clerks 4+), and only its hash kept
  admin sales <WAREHOUSE-ID> <sales.csv>           units sold per day and category (day,category,unitsSold)
  admin person <login> admin|operations|finance|customer_service|viewer [WAREHOUSE-ID] --name "Name"
                                                  add or change a person who signs in to HQ's console (one
                                                  warehouse, or all); the password is read from
                                                  HQ_PERSON_PASSWORD or typed (10+ characters), only its hash kept
  admin people                                    the console's people, their role, warehouse and last sign-in
  admin report-key <name> [WAREHOUSE-ID] [--days N] a key to read the reports, for one warehouse or all
  admin report-keys                               report keys (id, whose, scope, expiry, revoked)
  admin revoke-key <KEY-ID>                       a report key stops working
  admin settle <WAREHOUSE-ID> <RMA> release|deny <who> <reason…>
                                                  settle a return's refund conflict across stations
  admin resolve <WAREHOUSE-ID> <EXCEPTION-ID> <who> <resolution…>
                                                  resolve a station's exception at HQ (the station settles it)
  admin task <WAREHOUSE-ID> <TASK-ID> <status> <who> [note…] [--points N]
                                                  move a claim (submitted, paid, denied), a virtual gift (done) or
                                                  recycling points (awarded, refused) on`;

/** What a command needs done, by the running HQ or on the data directly. */
interface Backend {
  putWarehouse(id: string, name: string, timeZone?: string): Promise<void>;
  warehouses(): Promise<{ warehouseId: string; name: string; stations: number }[]>;
  code(wh: string, st: string, hours: number): Promise<string>;
  revoke(wh: string, st: string): Promise<{ codesRevoked: number }>;
  stations(wh?: string): Promise<Awaited<ReturnType<typeof ops.listStations>>>;
  load(wh: string, files: { name: string; text: string }[]): Promise<number>;
  remove(wh: string, kind: string, key: string): Promise<boolean>;
  sales(wh: string, csv: string): Promise<number>;
  reportKey(name: string, wh?: string, days?: number): Promise<string>;
  reportKeys(): Promise<Awaited<ReturnType<typeof ops.listReportKeys>>>;
  revokeKey(id: string): Promise<boolean>;
  settle(wh: string, rma: string, input: { decision: 'release' | 'deny'; by: string; reason: string }): Promise<{ released: number; denied: number }>;
  task(wh: string, id: string, input: { status: string; by: string; note?: string; points?: number }): Promise<{ taskId: string; status: string }>;
  resolve(wh: string, id: string, input: { by: string; resolution: string }): Promise<{ resolved: boolean }>;
  putPerson(login: string, input: { name: string; role: HqRole; warehouseId: string | null; password: string }): Promise<HqUser>;
  people(): Promise<Record<string, unknown>[]>;
}

function viaHq(url: string, secret: string): Backend {
  const hq = createHqClient({
    baseUrl: url,
    fetch: fetch as unknown as FetchLike,
    authorization: () => `Bearer ${secret}`,
    signal: () => AbortSignal.timeout(120_000),
  });
  return {
    putWarehouse: async (id, name, timeZone) =>
      void (await hq.call('adminPutWarehouse', { params: { warehouseId: id }, body: { ...(name ? { name } : {}), ...(timeZone ? { timeZone } : {}) } })),
    warehouses: async () => (await hq.call('adminWarehouses')).rows as never,
    code: async (wh, st, hours) => (await hq.call('adminIssueCode', { params: { warehouseId: wh, stationId: st }, body: { hours } })).code,
    revoke: async (wh, st) => hq.call('adminRevokeStation', { params: { warehouseId: wh, stationId: st } }),
    stations: async (wh) => (await hq.call('adminStations', { query: { warehouse: wh } })).rows,
    load: async (wh, files) => (await hq.call('adminLoadReference', { params: { warehouseId: wh }, body: { files } })).rows,
    remove: async (wh, kind, key) => (await hq.call('adminDeleteReference', { params: { warehouseId: wh, kind, key } })).deleted,
    sales: async (wh, csv) => (await hq.call('adminLoadSales', { params: { warehouseId: wh }, body: { csv } })).rows,
    reportKey: async (name, wh, days) =>
      (await hq.call('adminIssueReportKey', { body: { name, ...(wh ? { warehouseId: wh } : {}), ...(days ? { days } : {}) } })).key,
    reportKeys: async () => (await hq.call('adminReportKeys')).rows,
    revokeKey: async (id) => (await hq.call('adminRevokeReportKey', { params: { id } })).revoked,
    settle: async (wh, rma, input) => hq.call('adminSettleRefundConflict', { params: { warehouseId: wh, rmaNo: rma }, body: input }),
    task: async (wh, id, input) => hq.call('adminAdvanceTask', { params: { warehouseId: wh, taskId: id }, body: input as never }),
    resolve: async (wh, id, input) => hq.call('adminResolveException', { params: { warehouseId: wh, exceptionId: id }, body: input }),
    putPerson: async (login, input) => hq.call('adminPutUser', { params: { login }, body: input }),
    people: async () => (await hq.call('adminUsers')).rows as Record<string, unknown>[],
  };
}

function direct(pool: Parameters<typeof ops.addWarehouse>[0]): Backend {
  return {
    putWarehouse: (id, name, timeZone) => ops.addWarehouse(pool, id, name, 'admin', timeZone),
    warehouses: () => ops.listWarehouses(pool),
    code: (wh, st, hours) => ops.issueEnrolmentCode(pool, wh, st, hours),
    revoke: (wh, st) => ops.revokeStation(pool, wh, st),
    stations: (wh) => ops.listStations(pool, wh),
    load: (wh, files) => ops.loadReferenceFiles(pool, wh, files),
    remove: (wh, kind, key) => ops.deleteReference(pool, wh, kind, key),
    sales: (wh, csv) => ops.loadSalesCounts(pool, wh, csv),
    reportKey: (name, wh, days) => ops.issueReportKey(pool, name, wh, days),
    reportKeys: () => ops.listReportKeys(pool),
    revokeKey: (id) => ops.revokeReportKey(pool, id),
    settle: (wh, rma, input) => ops.settleRefundConflict(pool, wh, rma, input),
    task: (wh, id, input) => ops.advanceTask(pool, wh, id, input),
    resolve: (wh, id, input) => ops.resolveException(pool, wh, id, input),
    putPerson: (login, input) => putUser(pool, { login, ...input }, 'admin (HQ machine)'),
    people: () => listUsers(pool),
  };
}

const table = (rows: Record<string, unknown>[]) =>
  rows.length === 0
    ? '(none)'
    : [
        Object.keys(rows[0]!).join('\t'),
        ...rows.map((r) =>
          Object.values(r)
            .map((v) => (v === null || v === undefined ? '—' : String(v)))
            .join('\t'),
        ),
      ].join('\n');

/** Options given with `--`: a user's badge, a report key's days. */
export interface AdminFlags {
  badge?: string;
  /** A warehouse's time zone (IANA, e.g. Asia/Shanghai). */
  tz?: string;
  name?: string;
  days?: number;
  points?: number;
}

async function runCommand(b: Backend, args: string[], flags: AdminFlags): Promise<string> {
  const [command, a, c, ...rest] = args;
  const need = (value: string | undefined, what: string) => {
    if (!value) throw new HqError('invalid_request', `${what} is missing.\n\n${ADMIN_HELP}`);
    return value;
  };
  switch (command) {
    case 'warehouse':
      await b.putWarehouse(need(a, 'WAREHOUSE-ID'), [c, ...rest].filter(Boolean).join(' '), flags.tz);
      return `warehouse ${a} ready${flags.tz ? ` (days counted in ${flags.tz})` : ''}`;
    case 'warehouses':
      return table(await b.warehouses());
    case 'code': {
      const hours = Number(rest[0] ?? 24);
      return `enrolment code for ${need(c, 'STATION-ID')} in ${a} (valid ${hours} h, once): ${await b.code(need(a, 'WAREHOUSE-ID'), c!, hours)}`;
    }
    case 'revoke': {
      const r = await b.revoke(need(a, 'WAREHOUSE-ID'), need(c, 'STATION-ID'));
      return `station ${c} in ${a} revoked (${r.codesRevoked} unused enrolment code(s) revoked too)`;
    }
    case 'stations':
      return table(await b.stations(a));
    case 'load': {
      const files = await Promise.all([need(c, 'a file'), ...rest].map(async (f) => ({ name: path.basename(f), text: await readFile(f, 'utf8') })));
      return `${await b.load(need(a, 'WAREHOUSE-ID'), files)} reference rows loaded for ${a}`;
    }
    case 'user': {
      const badge = flags.badge;
      const [, wh, id, name, role] = args;
      if (role !== 'clerk' && role !== 'manager') throw new HqError('invalid_request', `say clerk or manager\n\n${ADMIN_HELP}`);
      const pin = process.env.HQ_USER_PIN ?? (await askPin(`PIN for ${need(name, 'a name')} (${role}): `));
      const problem = pinProblem(pin.trim(), role);
      if (problem) throw new HqError('invalid_request', `${problem}: choose another PIN`);
      const user = StationUserSchema.parse({
        id: need(id, 'USER-ID'),
        name,
        role,
        ...(badge ? { badge } : {}),
        pin: hashPin(pin.trim(), randomBytes(16).toString('hex')),
      });
      await b.load(need(wh, 'WAREHOUSE-ID'), [{ name: 'users.json', text: JSON.stringify({ users: [user] }) }]);
      return `${role} ${id} (${name}) saved for ${wh}: stations get them on their next pull`;
    }
    case 'sales':
      return `${await b.sales(need(a, 'WAREHOUSE-ID'), await readFile(need(c, 'the sales file'), 'utf8'))} sales counts loaded for ${a}`;
    case 'delete':
      return (await b.remove(need(a, 'WAREHOUSE-ID'), need(c, 'kind'), need(rest[0], 'key')))
        ? `${c} ${rest[0]} removed from ${a}`
        : `no ${c} ${rest[0]} in ${a}`;
    case 'report-key': {
      const [, name, wh] = args;
      const days = flags.days;
      if (days !== undefined && !(Number.isInteger(days) && days > 0)) throw new HqError('invalid_request', '--days is a whole number of days');
      const key = await b.reportKey(need(name, 'a name'), wh, days);
      return `report key for ${name}${wh ? ` (warehouse ${wh})` : ' (every warehouse)'}${days ? `, valid ${days} days` : ''}, id ${ops.reportKeyId(key)}, shown once: ${key}`;
    }
    case 'person': {
      const [, login, role, wh] = args;
      if (!HQ_ROLES.includes(role as HqRole)) throw new HqError('invalid_request', `say one of ${HQ_ROLES.join(', ')}\n\n${ADMIN_HELP}`);
      const password = process.env.HQ_PERSON_PASSWORD ?? (await askPin(`Password for ${need(login, 'a login')}: `));
      const person = await b.putPerson(need(login, 'a login'), {
        name: flags.name ?? login!,
        role: role as HqRole,
        warehouseId: wh ?? null,
        password: password.trim(),
      });
      return `${person.login} (${person.name}) is ${person.role} for ${person.warehouseId ?? 'every warehouse'}: sign in at HQ's address`;
    }
    case 'people':
      return table(await b.people());
    case 'report-keys':
      return table(await b.reportKeys());
    case 'revoke-key':
      return (await b.revokeKey(need(a, 'KEY-ID'))) ? `report key ${a} revoked` : `no report key ${a} (or it was revoked already)`;
    case 'settle': {
      const decision = need(rest[0], 'release or deny');
      if (decision !== 'release' && decision !== 'deny') throw new HqError('invalid_request', 'say release or deny');
      const r = await b.settle(need(a, 'WAREHOUSE-ID'), need(c, 'RMA'), {
        decision,
        by: need(rest[1], 'who settles it'),
        reason: need(rest.slice(2).join(' '), 'why'),
      });
      return `refund conflict of ${c} settled: ${r.released} decision(s) released, ${r.denied} denied`;
    }
    case 'resolve': {
      const [, wh, id, by, ...resolution] = args;
      await b.resolve(need(wh, 'WAREHOUSE-ID'), need(id, 'EXCEPTION-ID'), { by: need(by, 'who'), resolution: need(resolution.join(' '), 'the resolution') });
      return `exception ${id} resolved at HQ: the station settles it on its next pull`;
    }
    case 'task': {
      const [, wh, id, status, by, ...note] = args;
      const r = await b.task(need(wh, 'WAREHOUSE-ID'), need(id, 'TASK-ID'), {
        status: need(status, 'the new status'),
        by: need(by, 'who'),
        ...(note.length ? { note: note.join(' ') } : {}),
        ...(flags.points !== undefined ? { points: flags.points } : {}),
      });
      return `task ${r.taskId} is ${r.status}`;
    }
    default:
      return ADMIN_HELP;
  }
}

/** A PIN typed at the terminal (not echoed back on a TTY). */
async function askPin(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  try {
    const muted = rl as unknown as { _writeToOutput?: (s: string) => void; output: NodeJS.WriteStream };
    process.stdout.write(prompt);
    if (process.stdin.isTTY) muted._writeToOutput = () => undefined;
    return await rl.question('');
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

/**
 * Runs one admin command against the data in `dataDir` (or DATABASE_URL): through the HQ running on it
 * when there is one, else directly. Throws with a message for the person at the terminal.
 */
export async function runAdmin(options: { dataDir: string; databaseUrl?: string }, args: string[], flags: AdminFlags = {}): Promise<string> {
  const access = await readAdminAccess(options.dataDir);
  if (access) {
    try {
      return await runCommand(viaHq(access.url, access.secret), args, flags);
    } catch (err) {
      if (!(err instanceof HqCallError)) throw err;
      if (err.kind !== 'unreachable') throw new Error(`HQ refused: ${err.message}${err.code ? ` (${err.code})` : ''}`);
      throw new Error(
        `HQ (process ${access.pid}) holds ${options.dataDir} but does not answer at ${access.url}: wait until it has started, or stop it, then try again.`,
      );
    }
  }
  // No HQ answers for this folder: the command opens the data itself, holding the folder meanwhile (the
  // embedded database must never be opened twice; a server database would not mind, but the lock is cheap).
  let held: Awaited<ReturnType<typeof holdDataDir>> | null = null;
  if (!options.databaseUrl) {
    try {
      held = await holdDataDir(options.dataDir, 'admin');
    } catch (err) {
      if (err instanceof DataDirHeld && err.holder.role === 'hq')
        throw new Error(`${err.message} It is starting (or did not publish its admin address): try again in a moment.`);
      throw err;
    }
  }
  try {
    const database = await openDatabase({ ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), dataDir: options.dataDir });
    try {
      await migrate(database.pool);
      return await runCommand(direct(database.pool), args, flags);
    } finally {
      await database.close();
    }
  } finally {
    await held?.release();
  }
}
