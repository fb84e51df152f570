// XOAUTH2 for Google Workspace and Microsoft 365 mailboxes, where password IMAP is off:
// an access token from the provider's token endpoint (refresh_token grant), cached until
// shortly before it expires.

import type { ErrorCode } from '../../core/errors.ts';

export interface OAuth2Settings {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string | undefined;
  refreshToken: string;
  scope?: string | undefined;
}

export interface TokenProvider {
  /** A valid access token; refreshes it when it is about to expire. Throws when refresh fails. */
  get(): Promise<string>;
  /** Drops the cached token (after the server refused it). */
  invalidate(): void;
}

export function createTokenProvider(settings: OAuth2Settings, fetchImpl: typeof fetch = fetch): TokenProvider {
  let cached: { token: string; expiresAt: number } | null = null;
  return {
    async get() {
      if (cached && cached.expiresAt - 60_000 > Date.now()) return cached.token;
      const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: settings.refreshToken, client_id: settings.clientId });
      if (settings.clientSecret) body.set('client_secret', settings.clientSecret);
      if (settings.scope) body.set('scope', settings.scope);
      const response = await fetchImpl(settings.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      const json = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
      if (!response.ok || !json.access_token) {
        throw Object.assign(
          new Error(`OAuth2 token refresh failed: ${json.error ?? response.status}${json.error_description ? ` (${json.error_description})` : ''}`),
          { code: 'imap.oauth2_refresh_failed' satisfies ErrorCode },
        );
      }
      cached = { token: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3600) * 1000 };
      return cached.token;
    },
    invalidate() {
      cached = null;
    },
  };
}
