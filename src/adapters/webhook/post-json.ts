// POSTs JSON to an incoming webhook (Slack, Mattermost, Teams). The URL carries its own secret,
// so no error leaving here ever contains it: the message names only the status or error code.
const TIMEOUT_MS = 10_000;

export async function postJson(url: string, body: unknown): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw Object.assign(new Error(`webhook request failed (${redact(String(cause), url)})`), { code: 'webhook.unreachable' });
  }
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw Object.assign(new Error(`webhook answered ${response.status}`), { code: 'webhook.refused' });
}

export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}
