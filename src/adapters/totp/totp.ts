// The one place otplib is imported.
import { generate, generateSecret, generateURI, verify } from 'otplib';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, label: string, issuer = 'recovery-desk'): string {
  return generateURI({ issuer, label, secret });
}

export async function totpCode(secret: string, epochSeconds?: number): Promise<string> {
  return generate({ secret, ...(epochSeconds === undefined ? {} : { epoch: epochSeconds }) });
}

/**
 * Checks a code with one step of clock drift either side. Returns the time step the code
 * belongs to, so the caller can refuse any code at or before the last accepted step (replay).
 */
export async function verifyTotp(
  secret: string,
  code: string,
  options: { afterTimeStep?: number; epochSeconds?: number } = {},
): Promise<{ valid: true; timeStep: number } | { valid: false }> {
  if (!/^\d{6}$/.test(code.trim())) return { valid: false };
  try {
    const result = await verify({
      secret,
      token: code.trim(),
      epochTolerance: 30,
      ...(options.afterTimeStep === undefined ? {} : { afterTimeStep: options.afterTimeStep }),
      ...(options.epochSeconds === undefined ? {} : { epoch: options.epochSeconds }),
    });
    return result.valid && 'timeStep' in result ? { valid: true, timeStep: result.timeStep } : { valid: false };
  } catch {
    return { valid: false };
  }
}
