/** The load generator: MCP clients calling get_ticket back to back, two servers in alternating slices. */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { percentile } from '../lib/stats.js';
import { SECONDS } from './settings.js';

export type Measured = { perSecond: number; p50: number; p99: number; errors: number };

/** A server under load: its URL and, with authentication on, one API key per client. */
export type Side = { url: string; keys?: string[] };

interface Load {
  clients: Client[];
  seconds: number;
  latencies: number[];
  errors: number;
}

async function connect(url: string, key: string | undefined, modern: boolean): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: key ? { authorization: `Bearer ${key}` } : {} },
  });
  const client = new Client(
    { name: 'bench', version: '1' },
    modern ? { versionNegotiation: { mode: 'auto' } } : {},
  );
  await client.connect(transport);
  return client;
}

/** Connects `clients` MCP clients and warms them (20 calls each, not counted). */
async function openLoad(
  url: string,
  keys: string[] | undefined,
  modern: boolean,
  clients: number,
  ticketIds: number[],
): Promise<Load> {
  const cs = await Promise.all(Array.from({ length: clients }, (_, i) => connect(url, keys?.[i], modern)));
  const l: Load = { clients: cs, seconds: 0, latencies: [], errors: 0 };
  await Promise.all(
    cs.map(async (c, j) => {
      for (let i = 0; i < 20; i++)
        await c.callTool({
          name: 'get_ticket',
          arguments: { ticket_id: ticketIds[(i + j) % ticketIds.length] },
        });
    }),
  );
  return l;
}

/** Every client calls get_ticket back to back for `seconds`; adds to the load's figures. */
async function burst(l: Load, seconds: number, ticketIds: number[]): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    l.clients.map(async (c, j) => {
      for (let i = j; performance.now() < deadline; i++) {
        const t0 = performance.now();
        const r = await c
          .callTool({ name: 'get_ticket', arguments: { ticket_id: ticketIds[i % ticketIds.length] } })
          .catch(() => ({ isError: true }));
        if (r.isError) l.errors++;
        l.latencies.push(performance.now() - t0);
      }
    }),
  );
  l.seconds += (performance.now() - started) / 1000;
}

/**
 * Ours and the baseline, measured in alternating one-second slices (order swapped every round), so
 * that drift of a shared two-core machine (other load, frequency) weighs on both alike.
 */
export async function compare(
  a: Side,
  b: Side,
  modern: boolean,
  clients: number,
  ticketIds: number[],
): Promise<[Measured, Measured]> {
  const la = await openLoad(a.url, a.keys, modern, clients, ticketIds);
  const lb = await openLoad(b.url, b.keys, modern, clients, ticketIds);
  for (let round = 0; round < SECONDS; round++) {
    const order = round % 2 === 0 ? [la, lb] : [lb, la];
    for (const l of order) await burst(l, 1, ticketIds);
  }
  await Promise.all([...la.clients, ...lb.clients].map((c) => c.close()));
  const measured = (l: Load): Measured => ({
    perSecond: l.latencies.length / l.seconds,
    p50: percentile(l.latencies, 50),
    p99: percentile(l.latencies, 99),
    errors: l.errors,
  });
  return [measured(la), measured(lb)];
}
