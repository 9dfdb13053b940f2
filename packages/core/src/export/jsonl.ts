// The JSON Lines export: the records of the JSON export, one per line, each with a `type` naming its
// collection. An event's own `type` (meeting, attack, …) is called `eventType` there, so the two never clash.
import { EXPORT_FORMAT_VERSION, RECORD_TYPE, type Collection, type ExportHeader, type RecordOf } from './records.ts';

export function jsonlHeader(header: ExportHeader): string {
  return JSON.stringify({ type: 'header', ...header }) + '\n';
}

export function jsonlLine<C extends Collection>(collection: C, record: RecordOf[C]): string {
  return JSON.stringify(toJsonlRecord(collection, record)) + '\n';
}

export function toJsonlRecord(collection: Collection, record: object): Record<string, unknown> {
  const out: Record<string, unknown> = { type: RECORD_TYPE[collection] };
  for (const [k, v] of Object.entries(record)) out[collection === 'events' && k === 'type' ? 'eventType' : k] = v;
  return out;
}

/** The inverse of toJsonlRecord: the record without its `type`, an event's `eventType` back as `type`. */
export function fromJsonlRecord(collection: Collection, line: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(line)) {
    if (k === 'type') continue;
    out[collection === 'events' && k === 'eventType' ? 'type' : k] = v;
  }
  return out;
}

export { EXPORT_FORMAT_VERSION };
