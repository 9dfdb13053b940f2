// Export and restore formats: pure mappings of the JSON export's records (no I/O).
export * from './records.ts';
export * from './csv.ts';
export * from './standards.ts';
export * from './json-scan.ts';
export * from './restore-check.ts';
export * from './jsonl.ts';
