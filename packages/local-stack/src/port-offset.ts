import { portIsFree } from '@perplexica/net';
import { services } from '@perplexica/registry';

/**
 * A PERPLEXICA_PORT_OFFSET under which every port of the stack (each service's local port and the
 * gateway's 8080) is free now, for a second stack beside the first (tests, benchmarks). All of
 * them stay below Linux's ephemeral range (32768 and up), where the OS hands out the local ports of
 * outgoing connections and of `listen(0)`: a port checked free there can be taken a moment later.
 */
export async function freePortOffset(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // 8080 + offset is the highest port: below 32768 for every offset drawn here.
    const offset = 10_000 + Math.floor(Math.random() * 14_000);
    const ports = [...services.map((service) => service.localPort + offset), 8080 + offset];
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return offset;
  }
  throw new Error('no free port offset found');
}
