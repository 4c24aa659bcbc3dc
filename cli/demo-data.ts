// Realistic demonstration activity, generated from each port's real BTS volumes with a seeded random source.
import volumesFile from '../data/port-volumes.json' with { type: 'json' };
import type { Port } from '../functions/domain/ports.js';
import { seededRandom } from '../functions/domain/random.js';
import { csvColumns } from '../functions/domain/records/csv.js';
import type { RecordKind } from '../functions/domain/records/kinds.js';

type Mode = 'pedestrian' | 'personal_vehicle' | 'bus' | 'truck' | 'rail';
const VOLUMES = volumesFile.volumes as Record<string, Partial<Record<Mode, number>>>;

export function offsetOf(state: string): string {
  if (['Texas', 'North Dakota', 'Minnesota'].includes(state)) return '-06:00';
  if (['New Mexico', 'Arizona', 'Idaho', 'Montana'].includes(state)) return '-07:00';
  if (['California', 'Washington'].includes(state)) return '-08:00';
  if (state === 'Alaska') return '-09:00';
  return '-05:00';
}

export interface DemoBatch {
  kind: RecordKind;
  portCode: string;
  format: 'jsonl' | 'csv';
  batchId: string;
  body: string;
  records: number;
  /** Sent twice, as a device that never got its receipt would. */
  repeat: boolean;
}

export interface DemoTotals {
  inspections: number;
  seizures: number;
  exits: number;
  outboundStaffHours: number;
  currencySeizedUsd: number;
}

export interface DemoPlan {
  batches: DemoBatch[];
  /** What was generated, per port and in total, for the recount after upload. */
  totals: Map<string, DemoTotals>;
  national: DemoTotals;
  from: string;
  to: string;
}

const ZERO_TOTALS = (): DemoTotals => ({
  inspections: 0,
  seizures: 0,
  exits: 0,
  outboundStaffHours: 0,
  currencySeizedUsd: 0,
});

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function toCsv(kind: RecordKind, rows: Record<string, unknown>[]): string {
  const columns = csvColumns(kind);
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n').concat('\n');
}

export function planDemo(ports: readonly Port[], options: { days: number; today: string; seed: number }): DemoPlan {
  const rand = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const from = addDays(options.today, -options.days);
  const to = addDays(options.today, -1);
  const batches: DemoBatch[] = [];
  const totals = new Map<string, DemoTotals>();
  const national = ZERO_TOTALS();

  for (const port of ports.filter((p) => p.active && VOLUMES[p.code])) {
    const volumes = VOLUMES[port.code] as Partial<Record<Mode, number>>;
    const offset = offsetOf(port.state);
    const mexico = port.border === 'US-Mexico';
    const neverInspects = rand() < 0.15;
    const inspectionDaysPerWeek = neverInspects ? 0 : mexico ? 3 + rand() * 4 : 0.3 + rand() * 2;
    const ratePer1000 = 0.05 + rand() * (mexico ? 0.5 : 0.3);
    const hitRate = mexico ? 0.02 + rand() * 0.03 : 0.005 + rand() * 0.015;
    const total = ZERO_TOTALS();
    const byKind: Record<RecordKind, Array<{ day: string; row: Record<string, unknown> }>> = {
      inspections: [],
      traffic: [],
      staffing: [],
      equipment: [],
    };
    let n = 0;
    const id = (kind: string) => `demo${options.seed}-${from}-${port.code}-${kind}-${++n}`;

    for (let d = 0; d < options.days; d++) {
      const day = addDays(from, d);
      const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
      let dayExits = 0;
      for (const [mode, monthly] of Object.entries(volumes) as Array<[Mode, number]>) {
        const exits = Math.round((monthly / 30) * (0.8 + rand() * 0.4) * (weekend ? 0.85 : 1.05));
        if (exits <= 0) continue;
        dayExits += exits;
        byKind.traffic.push({
          day,
          row: {
            recordId: id('t'),
            portCode: port.code,
            hourStart: `${day}T12:00:00${offset}`,
            mode,
            exits,
            source: pick(['lpr', 'sensor', 'manual']),
          },
        });
      }
      total.exits += dayExits;
      const inspects = rand() < inspectionDaysPerWeek / 7;
      const count = inspects
        ? Math.min(25, Math.max(1, Math.round((dayExits / 1000) * ratePer1000 * (0.5 + rand()))))
        : 0;
      let minutes = 0;
      for (let i = 0; i < count; i++) {
        const modes = (Object.keys(volumes) as Mode[]).filter((m) => (volumes[m] ?? 0) > 0);
        const mode = pick(modes.length > 0 ? modes : (['personal_vehicle'] as Mode[]));
        const hour = String(6 + Math.floor(rand() * 14)).padStart(2, '0');
        const minute = String(Math.floor(rand() * 60)).padStart(2, '0');
        const seized = rand() < hitRate;
        const findings: Record<string, unknown>[] = [];
        if (seized) {
          const type = pick([
            'currency',
            'currency',
            'currency',
            'firearm',
            'firearm',
            'ammunition',
            'narcotic',
            'narcotic',
            'wildlife',
            'explosive',
          ]);
          if (type === 'currency') {
            const amountUsd = Math.round(5_000 + rand() ** 2 * 150_000);
            findings.push({ type, amountUsd, declared: rand() < 0.2 });
            total.currencySeizedUsd += amountUsd;
          } else if (type === 'firearm') findings.push({ type, count: 1 + Math.floor(rand() * 4) });
          else if (type === 'ammunition') findings.push({ type, rounds: 50 + Math.floor(rand() * 2000) });
          else if (type === 'narcotic')
            findings.push({
              type,
              substance: pick(['methamphetamine', 'fentanyl', 'cocaine', 'cannabis']),
              kg: Math.round((0.1 + rand() * 20) * 100) / 100,
            });
          else if (type === 'wildlife')
            findings.push({
              type,
              species: pick(['Psittacus erithacus', 'Testudo graeca', 'Totoaba macdonaldi']),
              count: 1 + Math.floor(rand() * 10),
            });
          else findings.push({ type, kg: Math.round((0.1 + rand() * 3) * 100) / 100 });
          total.seizures++;
        }
        if (rand() < 0.02)
          findings.push({
            type: 'electronic_device',
            searchLevel: rand() < 0.5 ? 'advanced' : 'basic',
            ...(rand() < 0.8 ? { approvedBy: 'SUP-1' } : {}),
          });
        const staffMinutes = 5 + Math.floor(rand() * (seized ? 120 : 30));
        minutes += staffMinutes;
        byKind.inspections.push({
          day,
          row: {
            recordId: id('i'),
            portCode: port.code,
            deviceId: `HH-${port.code}-${1 + Math.floor(rand() * 4)}`,
            officerId: `OFF-${port.code}-${1 + Math.floor(rand() * 12)}`,
            startedAt: `${day}T${hour}:${minute}:00${offset}`,
            mode,
            techniques:
              mode === 'truck'
                ? ['document_check', 'xray']
                : pick([
                    ['interview'],
                    ['interview', 'declaration'],
                    ['interview', 'physical'],
                    ['database_query', 'lpr'],
                  ]),
            travelers:
              mode === 'bus' ? 10 + Math.floor(rand() * 40) : mode === 'pedestrian' ? 1 : 1 + Math.floor(rand() * 3),
            findings,
            disposition: seized ? (rand() < 0.2 ? 'arrested' : 'seized') : rand() < 0.05 ? 'warned' : 'cleared',
            staffMinutes,
            capturedOffline: rand() < 0.15,
          },
        });
      }
      total.inspections += count;
      if (count > 0) {
        const outboundHours = Math.round((minutes / 60 + 2) * 2) / 2;
        total.outboundStaffHours += outboundHours;
        byKind.staffing.push({
          day,
          row: {
            recordId: id('s'),
            portCode: port.code,
            date: day,
            shift: 'day',
            outboundHours,
            divertedHours: Math.round(rand() * 4),
            officers: 2 + Math.floor(rand() * 4),
          },
        });
      }
      if (d % 7 === 0 || rand() < 0.03) {
        const down = rand() < 0.25;
        byKind.equipment.push({
          day,
          row: {
            recordId: id('e'),
            portCode: port.code,
            observedAt: `${day}T08:00:00${offset}`,
            asset: down ? pick(['network', 'network', 'xray', 'lpr', 'handheld']) : pick(['network', 'xray', 'lpr']),
            status: down ? pick(['down', 'degraded']) : 'ok',
            minutesDown: down ? 30 + Math.floor(rand() * 600) : 0,
            ...(down
              ? {
                  note: pick([
                    'fiber cut by roadworks',
                    'scanner calibration',
                    'power outage',
                    'cellular coverage lost',
                  ]),
                }
              : {}),
          },
        });
      }
    }

    for (const kind of Object.keys(byKind) as RecordKind[]) {
      const rows = byKind[kind];
      for (let start = 0; start < options.days; start += 30) {
        const chunk = rows
          .filter((r) => r.day >= addDays(from, start) && r.day < addDays(from, start + 30))
          .map((r) => r.row);
        if (chunk.length === 0) continue;
        const format = kind === 'traffic' || kind === 'staffing' ? 'csv' : 'jsonl';
        batches.push({
          kind,
          portCode: port.code,
          format,
          batchId: `demo${options.seed}-${from}-${port.code}-${kind}-${start}`,
          body:
            format === 'csv'
              ? toCsv(kind, chunk)
              : chunk
                  .map((row) => JSON.stringify(row))
                  .join('\n')
                  .concat('\n'),
          records: chunk.length,
          repeat: rand() < 0.05,
        });
      }
    }
    totals.set(port.code, total);
    for (const key of Object.keys(national) as (keyof DemoTotals)[]) national[key] += total[key];
  }
  return { batches, totals, national, from, to };
}
