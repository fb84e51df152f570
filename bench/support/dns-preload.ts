// Loaded into the bench's worker process with `node --import`: every DNS lookup the worker
// makes (mailauth's DKIM keys and DMARC records) goes to the bench's loopback DNS stub.
import dns from 'node:dns';

const server = process.env.BENCH_DNS_SERVER;
if (server) {
  dns.setServers([server]);
  dns.promises.setServers([server]);
}
