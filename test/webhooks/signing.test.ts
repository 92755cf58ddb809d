// Event signatures: Ed25519 over timestamp + body, verifiable by receivers from the hex verify_key with node:crypto alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelay, BACKOFF_CAP_MS } from '../../src/webhooks/delivery-worker.js';
import { generateSigningKeyPair, signBody } from '../../src/webhooks/signing.js';
import { signatureValid, type ReceivedRequest } from '../helpers/webhook-listener.js';

function received(body: string, timestamp: string, signature: string): Pick<ReceivedRequest, 'headers' | 'body'> {
  return { body, headers: { 'x-signature-timestamp': timestamp, 'x-signature-ed25519': signature } };
}

describe('event signing', () => {
  test('a fresh key pair: 32-byte hex verify key, PKCS8 DER signing key', () => {
    const { verifyKey, signingKey } = generateSigningKeyPair();
    assert.match(verifyKey, /^[0-9a-f]{64}$/);
    assert.equal(Buffer.from(signingKey, 'base64').length, 48);
    assert.notEqual(generateSigningKeyPair().verifyKey, verifyKey);
  });

  test('signatures verify from the hex verify_key; any change to body, timestamp or key breaks them', () => {
    const pair = generateSigningKeyPair();
    const body = '{"version":1,"application_id":"1","type":0}';
    const signature = signBody(pair.signingKey, '1767268800', body);
    assert.match(signature, /^[0-9a-f]{128}$/);
    assert.equal(signatureValid(received(body, '1767268800', signature), pair.verifyKey), true);
    assert.equal(signatureValid(received(`${body} `, '1767268800', signature), pair.verifyKey), false);
    assert.equal(signatureValid(received(body, '1767268801', signature), pair.verifyKey), false);
    assert.equal(signatureValid(received(body, '1767268800', signature), generateSigningKeyPair().verifyKey), false);
  });

  test('backoff doubles from 5 s with equal jitter and is capped at one hour', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => backoffDelay(attempt, () => 0)),
      [2_500, 5_000, 10_000, 20_000],
    );
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => backoffDelay(attempt, () => 1)),
      [5_000, 10_000, 20_000, 40_000],
    );
    assert.equal(
      backoffDelay(30, () => 0),
      BACKOFF_CAP_MS / 2,
    );
    assert.equal(
      backoffDelay(30, () => 1),
      BACKOFF_CAP_MS,
    );
  });
});
