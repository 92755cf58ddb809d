// What an RS256 signature costs guildgate (jose, as the server signs id tokens and JWT access tokens), with the private
// key imported once (as the key ring keeps it) against importing it for every signature.
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';

const SIGNATURES = 200;

export interface SigningCost {
  /** Mean CPU microseconds (every thread of the process) per signature with the imported key reused. */
  signUs: number;
  /** Mean CPU microseconds per signature when the private JWK is imported each time. */
  importAndSignUs: number;
}

const sign = (key: CryptoKey) =>
  new SignJWT({ sub: '1', aud: 'client', nonce: 'n' }).setProtectedHeader({ alg: 'RS256', kid: 'k', typ: 'JWT' }).setIssuedAt().sign(key);

/** CPU time rather than wall time: on a busy machine other processes' turns would count otherwise. */
async function meanUs(work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await work();
  const started = process.cpuUsage();
  for (let i = 0; i < SIGNATURES; i++) await work();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / SIGNATURES;
}

/** Sequential signatures in this process (the load generator's core, idle by then). */
export async function measureSigningCost(): Promise<SigningCost> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = await exportJWK(privateKey);
  const imported = (await importJWK(jwk, 'RS256')) as CryptoKey;
  return {
    signUs: await meanUs(() => sign(imported)),
    importAndSignUs: await meanUs(async () => sign((await importJWK(jwk, 'RS256')) as CryptoKey)),
  };
}

/**
 * The cost against the rates measured: at R signing requests a second, one signature each, signing takes R x cost of a
 * core's second.
 */
export function renderSigningCost(cost: SigningCost, rates: { label: string; rps: number }[]): string {
  return [
    `RS256 signing (jose, 2048-bit key, ${SIGNATURES} sequential signatures in the load generator, CPU time of all its threads):`,
    `  ${cost.signUs.toFixed(0)} us per signature with the imported key reused (the key ring imports each key once per kid);`,
    `  ${cost.importAndSignUs.toFixed(0)} us when the private JWK is imported for every signature`,
    ...rates.map(
      ({ label, rps }) =>
        `  ${label}: ${rps.toFixed(0)} req/s x ${cost.signUs.toFixed(0)} us = ${((rps * cost.signUs) / 1e4).toFixed(0)}% of one core spent signing` +
        ` (${((rps * cost.importAndSignUs) / 1e4).toFixed(0)}% if the key were imported each time)`,
    ),
  ].join('\n');
}
