// What the web process shows the network, for `doctor`: whether the console behind a TLS proxy can see its clients,
// and where /metrics is served. Pure: the configuration alone says it.
import { fail, pass, type Outcome } from './doctor.ts';

export interface WebExposureConfig {
  PUBLIC_URL: string;
  HTTP_TRUSTED_PROXIES: readonly string[];
  METRICS_TOKEN?: string | undefined;
  METRICS_PORT?: number | undefined;
}

export function webExposure(config: WebExposureConfig): Outcome {
  // The app speaks plain HTTP: an https PUBLIC_URL means a TLS proxy in front. Not trusted, it is every agent's
  // address: one client's failed sign-ins count for all, and the audit log records the proxy.
  if (new URL(config.PUBLIC_URL).protocol === 'https:' && config.HTTP_TRUSTED_PROXIES.length === 0)
    return fail(
      'PUBLIC_URL is https but HTTP_TRUSTED_PROXIES is empty: behind the TLS proxy every agent is one client to the sign-in limits, and the audit log records the proxy, not the agent',
      "set HTTP_TRUSTED_PROXIES to the proxy's address or network (e.g. 127.0.0.1, or 172.16.0.0/12 for Docker's networks)",
    );
  const metrics = [
    config.METRICS_TOKEN ? 'on the public port with METRICS_TOKEN' : null,
    config.METRICS_PORT !== undefined ? `on METRICS_PORT ${config.METRICS_PORT}${config.METRICS_TOKEN ? ' with METRICS_TOKEN' : ''}` : null,
  ].filter((where) => where !== null);
  const proxies = config.HTTP_TRUSTED_PROXIES.length > 0 ? `client addresses through ${config.HTTP_TRUSTED_PROXIES.join(', ')}` : 'no proxy trusted';
  return pass(`${proxies}; /metrics ${metrics.length > 0 ? metrics.join(' and ') : 'not served (set METRICS_PORT or METRICS_TOKEN to scrape)'}`);
}
