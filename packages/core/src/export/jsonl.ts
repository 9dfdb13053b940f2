// The JSON Lines export: the records of the JSON export, one per line, each with a `type`.
import { EXPORT_FORMAT_VERSION, RECORD_TYPE, type Collection, type ExportHeader, type RecordOf } from './records.ts';

export function jsonlHeader(header: ExportHeader): string {
  return JSON.stringify({ type: 'header', ...header }) + '\n';
}

export function jsonlLine<C extends Collection>(collection: C, record: RecordOf[C]): string {
  return JSON.stringify({ type: RECORD_TYPE[collection], ...record }) + '\n';
}

export { EXPORT_FORMAT_VERSION };
