// Ed25519 signatures of event deliveries over timestamp + raw body, as Discord signs its interactions and events.
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';

export interface SigningKeyPair {
  /** Hex of the raw 32-byte public key: what receivers verify with. */
  verifyKey: string;
  /** Base64 of the PKCS8 DER private key. */
  signingKey: string;
}

export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { x } = publicKey.export({ format: 'jwk' });
  return {
    verifyKey: Buffer.from(x!, 'base64url').toString('hex'),
    signingKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

/** The hex signature of `timestamp + body`. */
export function signBody(signingKey: string, timestamp: string, body: string): string {
  const key = createPrivateKey({ key: Buffer.from(signingKey, 'base64'), format: 'der', type: 'pkcs8' });
  return sign(null, Buffer.from(timestamp + body), key).toString('hex');
}
