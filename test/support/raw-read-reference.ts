// The stored message's read for processing as it was until stop 24: one ordinary statement whose
// rows carry the raw bytes as base64 slices (`encode(substring(raw …), 'base64')`), decoded by
// RawAssembly.add. Kept as the reference the binary COPY read (messageToProcess,
// messagesToProcess) is held to in test/integration/raw-bytes.test.ts, and as the "before" of
// bench/micro/raw-read.ts: one copy, not one per user.
import type { DbOrTx } from '../../src/adapters/db/client.ts';
import { RawAssembly, READ_SLICE_BYTES, sqlOf } from '../../src/adapters/db/raw-transport.ts';
import { inboundMessages, type MessageOutcome, type MessageStatus } from '../../src/adapters/db/schema/index.ts';

const MAX_INT4 = 2 ** 31 - 1;

interface ToProcessRow {
  id: string;
  status: MessageStatus;
  outcome: MessageOutcome | null;
  kind: string | null;
  reason: string | null;
  ticket_id: number | null;
  message_id_header: string | null;
  received_at: string;
  arrived_at: string | null;
  appeared_after: string | null;
  raw_bytes: number | null;
  raw_size: number | null;
  slice_at: number | null;
  slice: string | null;
}

const toProcessSql = (
  where: string,
) => `select m.id, m.status, m.outcome, m.kind, m.reason, m.ticket_id, m.message_id_header, m.received_at, m.arrived_at, m.appeared_after,
    d.raw_bytes, octet_length(d.raw) as raw_size, s.at - 1 as slice_at,
    encode(substring(d.raw from s.at for ${READ_SLICE_BYTES}), 'base64') as slice
  from inbound_messages m
  cross join lateral (select case when m.status = 'stored' then octet_length(m.raw) end as raw_bytes,
    case when m.status = 'stored' and octet_length(m.raw) <= $2::int then m.raw || ''::bytea end as raw offset 0) d
  left join lateral generate_series(1, octet_length(d.raw), ${READ_SLICE_BYTES}) s(at) on true
  where ${where}`;
const TO_PROCESS_MANY = toProcessSql('m.id = any($1::bigint[])');

/** messagesToProcess as it was: the same map, the rows read as text with base64 slices. */
export async function messagesToProcessBase64(db: DbOrTx, ids: number[], options: { maxBytes?: number } = {}) {
  const m = inboundMessages;
  const found = new Map<number, { row: ToProcessRow; raw: RawAssembly }>();
  await sqlOf(db)
    .unsafe<ToProcessRow[]>(TO_PROCESS_MANY, [`{${ids.map((id) => Math.trunc(id)).join(',')}}` as never, options.maxBytes ?? MAX_INT4], { prepare: true })
    .forEach((each) => {
      const id = Number(each.id);
      let entry = found.get(id);
      if (!entry) found.set(id, (entry = { row: each, raw: new RawAssembly() }));
      entry.raw.add(each.raw_size, each.slice_at, each.slice);
    });
  const rows = new Map<number, unknown>();
  for (const [id, { row, raw }] of found)
    rows.set(id, {
      id: Number(row.id),
      status: row.status,
      outcome: row.outcome,
      kind: row.kind,
      reason: row.reason,
      ticketId: row.ticket_id,
      messageIdHeader: row.message_id_header,
      receivedAt: m.receivedAt.mapFromDriverValue(row.received_at) as Date,
      arrivedAt: row.arrived_at === null ? null : (m.arrivedAt.mapFromDriverValue(row.arrived_at) as Date),
      appearedAfter: row.appeared_after === null ? null : (m.appearedAfter.mapFromDriverValue(row.appeared_after) as Date),
      rawBytes: row.raw_bytes,
      raw: raw.done(),
    });
  return rows;
}
