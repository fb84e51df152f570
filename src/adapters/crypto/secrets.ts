// Secrets at rest: AES-256-GCM with a random nonce, the row's identity as associated data,
// and the key id stored beside the ciphertext so keys can be rotated.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface SecretBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** Whether a sealed value uses a key other than the current one (to be re-sealed). */
  isStale(sealed: string): boolean;
}

export function createSecretBox(keys: Record<string, string>, currentKeyId: string): SecretBox {
  const keyBytes = (id: string) => {
    const hex = keys[id];
    if (!hex) throw new Error(`no key with id ${id} for this secret`);
    return Buffer.from(hex, 'hex');
  };
  return {
    seal(plaintext, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyBytes(currentKeyId), nonce);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', currentKeyId, nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
    },
    isStale(sealed) {
      return sealed.split(':')[1] !== currentKeyId;
    },
    open(sealed, context) {
      const [version, keyId, nonce, body, tag] = sealed.split(':');
      if (version !== 'v1' || !keyId || !nonce || body === undefined || !tag) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', keyBytes(keyId), Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacHex(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** A 128-bit random token for links, and the hash we store instead of it. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(16).toString('base64url');
  return { token, hash: sha256Hex(token) };
}
