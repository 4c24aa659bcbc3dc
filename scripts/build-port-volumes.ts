// Derives data/port-volumes.json (monthly crossings by mode per port, 2024 average) from the BTS volumes, so that
// `outbound demo` generates traffic in proportion to each port's real volumes without ../shared/data.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const source = fileURLToPath(new URL('../../shared/data/bts-border-crossing-entry-2022-2024.csv', import.meta.url));
const target = fileURLToPath(new URL('../data/port-volumes.json', import.meta.url));
const MEASURES: Record<string, string> = {
  Pedestrians: 'pedestrian',
  'Personal Vehicles': 'personal_vehicle',
  Buses: 'bus',
  Trucks: 'truck',
  Trains: 'rail',
};

const rows: Record<string, string>[] = parse(readFileSync(source), { columns: true, skip_empty_lines: true });
const totals = new Map<string, Record<string, { sum: number; months: Set<string> }>>();
for (const row of rows) {
  const mode = MEASURES[row.Measure ?? ''];
  if (!mode || !row.Date?.endsWith('2024')) continue;
  const port = totals.get(row['Port Code'] as string) ?? {};
  const entry = port[mode] ?? { sum: 0, months: new Set<string>() };
  entry.sum += Number(row.Value);
  entry.months.add(row.Date);
  port[mode] = entry;
  totals.set(row['Port Code'] as string, port);
}
const volumes = Object.fromEntries(
  [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([port, modes]) => [
      port,
      Object.fromEntries(Object.entries(modes).map(([mode, e]) => [mode, Math.round(e.sum / 12)])),
    ]),
);
writeFileSync(
  target,
  `${JSON.stringify({ source: 'BTS Border Crossing Entry Data, 2024 monthly average', volumes })}\n`,
);
console.log(`wrote monthly volumes for ${totals.size} ports to data/port-volumes.json`);
