import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { HqError } from '../errors';
import { disableUser, endSession, listUsers, putUser, SESSION_HOURS, signInUser, userForSession } from '../people/users';
import { findReturns } from '../reports/find';
import { registerRoute } from './routes';
import { SESSION_COOKIE } from './sign-in';
import { scopeFor } from './report-routes';

type SignIn = Parameters<typeof registerRoute>[2];

/** The console's people: signing in and out, and (for an admin) the accounts; a return found by any of its codes. */
export function registerSessionRoutes(app: FastifyInstance, pool: pg.Pool, signIn: SignIn) {
  registerRoute(
    app,
    'session',
    signIn,
    async ({ body, req, reply }) => {
      const { secret, csrf, user } = await signInUser(pool, body.login, body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        path: '/',
        maxAge: SESSION_HOURS * 3600,
      });
      return { user, csrf };
    },
    // Guessing is slowed per address as well as locked per account.
    { perMinute: 20 },
  );
  registerRoute(app, 'sessionGet', signIn, async ({ req }) => {
    const found = await userForSession(pool, req.cookies?.[SESSION_COOKIE]);
    return found ? { user: found.user, csrf: found.csrf } : { user: null, csrf: null };
  });
  registerRoute(app, 'sessionEnd', signIn, async ({ caller, reply }) => {
    if (caller.kind !== 'user') throw new HqError('unauthorized', 'Not signed in.');
    await endSession(pool, caller.person.tokenHash, caller.person.user.login);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut: true };
  });
  const by = (caller: Parameters<Parameters<typeof registerRoute>[3]>[0]['caller']) =>
    caller.kind === 'admin' && caller.person ? caller.person.user.login : 'admin (HQ machine)';
  registerRoute(app, 'adminUsers', signIn, async () => ({ rows: await listUsers(pool) }));
  registerRoute(app, 'adminPutUser', signIn, async ({ params, body, caller }) =>
    putUser(pool, { login: params.login, name: body.name, role: body.role, warehouseId: body.warehouseId, password: body.password }, by(caller)),
  );
  registerRoute(app, 'adminDisableUser', signIn, async ({ params, caller }) => {
    if (caller.kind === 'admin' && caller.person?.user.login === params.login) throw new HqError('conflict', 'You cannot disable your own account.');
    await disableUser(pool, params.login, by(caller));
    return { disabled: true };
  });
  registerRoute(app, 'findReturns', signIn, async ({ query, caller }) => ({ rows: await findReturns(pool, scopeFor(caller, query.warehouse), query.q) }));
}
