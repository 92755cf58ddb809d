// CLI commands on the signing keys of id tokens and JWT access tokens: keys list, keys rotate.
import { systemClock, toIso } from '../clock.js';
import { keyEncryptionKey } from '../crypto/key-encryption.js';
import { serverSecret } from '../crypto/server-secret.js';
import { ApiError } from '../errors/api-error.js';
import { ConcurrentRotationError, DEFAULT_SIGNING_ALG, isSigningAlg, keyStatus, rotateSigningKey, SIGNING_ALGS } from '../oidc/signing-keys.js';
import { UsageError, type Command } from './command.js';
import { withStore } from './with-store.js';

export const keysCommands: Record<string, Command> = {
  'keys list': {
    usage: 'guildgate keys list\n  Lists the signing keys, newest first: kid, alg, status (active, retiring until, retired) and creation time.',
    options: {},
    async run(_values, config, _positionals, { print }) {
      const keys = await withStore(config, (store) => store.signingKeys.list());
      if (keys.length === 0) print('no signing keys yet (the first is made when guildgate serve starts)');
      const now = systemClock.now();
      for (const key of keys) {
        const status = keyStatus(key, now);
        const until = status === 'retiring' ? ` until ${toIso(key.retiredAt!)}` : status === 'retired' ? ` at ${toIso(key.retiredAt!)}` : '';
        print(`${key.kid}  ${key.alg}  ${status}${until}  created ${toIso(key.createdAt)}`);
      }
    },
  },
  'keys rotate': {
    usage:
      `guildgate keys rotate [--alg ${SIGNING_ALGS.join('|')}]\n` +
      `  Adds a new signing key (default ${DEFAULT_SIGNING_ALG}) that every node signs with within 5 seconds; the keys it replaces\n` +
      '  stay in the JWKS until every token they signed has expired, then retire.',
    options: { alg: { type: 'string' } },
    async run(values, config, _positionals, { print }) {
      const alg = values.alg ?? DEFAULT_SIGNING_ALG;
      if (typeof alg !== 'string' || !isSigningAlg(alg)) throw new UsageError(`--alg: one of ${SIGNING_ALGS.join(', ')}`);
      const encryptionKey = keyEncryptionKey(serverSecret(config));
      const lifetimeMs = Math.max(config.lifetimes.idToken, config.lifetimes.accessToken) * 1000;
      try {
        const rotated = await withStore(config, (store) => rotateSigningKey(store, systemClock, encryptionKey, alg, lifetimeMs));
        print(`new signing key ${rotated.key.kid} (${rotated.key.alg}); the keys it replaces retire at ${toIso(rotated.retiredUntil)}`);
      } catch (error) {
        if (error instanceof ConcurrentRotationError) throw new ApiError(409, 'CONFLICT', error.message);
        throw error;
      }
    },
  },
};
