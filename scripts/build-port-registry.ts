// Derives data/ports.json (the shipped port registry) from the BTS port list in ../shared/data/ports.csv.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const ACTIVE_SINCE = '2024-03';
const source = fileURLToPath(new URL('../../shared/data/ports.csv', import.meta.url));
const target = fileURLToPath(new URL('../data/ports.json', import.meta.url));

const rows: Record<string, string>[] = parse(readFileSync(source), { columns: true, skip_empty_lines: true });
const ports = rows.map((row) => ({
  code: row.portCode,
  name: row.name,
  state: row.state,
  border: row.border === 'US-Mexico Border' ? 'US-Mexico' : 'US-Canada',
  latitude: Number(row.latitude),
  longitude: Number(row.longitude),
  active: (row.lastReported ?? '') >= ACTIVE_SINCE,
  lastReported: row.lastReported,
}));
writeFileSync(target, `${JSON.stringify(ports, null, 1)}\n`);
console.log(`wrote ${ports.length} ports (${ports.filter((p) => p.active).length} active) to data/ports.json`);
