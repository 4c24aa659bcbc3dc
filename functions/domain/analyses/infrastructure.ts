// The infrastructure and connectivity assessment (the audit's third recommendation): per port, the technology it
// reported and how available it was, connectivity outages, records captured offline, upload delays, and a ranked
// list of the ports where failing or missing technology most likely holds outbound inspections back.
import type { StoredInspection } from '../metrics.js';
import type { Border, Port } from '../ports.js';
import { ASSETS } from '../records/kinds.js';
import type { Equipment } from '../records/schemas.js';

export type Asset = (typeof ASSETS)[number];
/** The inspection technology whose absence is a gap (the network is counted as connectivity). */
export const CORE_TECHNOLOGY: readonly Asset[] = ['xray', 'lpr', 'nii'];
export const ASSET_NAMES: Record<Asset, string> = {
  xray: 'x-ray',
  lpr: 'LPR',
  handheld: 'handhelds',
  baggage_scanner: 'baggage scanners',
  nii: 'NII',
  network: 'network',
};

export interface AssetFigures {
  asset: Asset;
  observations: number;
  ok: number;
  degraded: number;
  down: number;
  /** Share of observations that found it working (ok). */
  availability: number;
  downMinutes: number;
}

export interface PortInfrastructure {
  portCode: string;
  name: string;
  border: Border;
  assets: AssetFigures[];
  /** Core technology (x-ray, LPR, NII) the port never reported. */
  missing: Asset[];
  connectivityOutages: number;
  connectivityDownMinutes: number;
  inspections: number;
  capturedOffline: number;
  offlineShare: number | null;
  uploadDelayMedianMinutes: number | null;
  uploadDelayP95Minutes: number | null;
  inspectionDays: number;
  requiredInspectionDays: number;
  /** 0 (nothing wrong) to 1: how much the technology and connectivity figures point to a problem. */
  problemScore: number;
  /** The figures that put the port on the ranked list. */
  reasons: string[];
}

export interface InfrastructureAssessment {
  period: { id: string; from: string; to: string };
  ports: PortInfrastructure[];
  /** Ports with a problem score above zero, the likeliest held back first. */
  ranked: PortInfrastructure[];
  national: {
    portsReporting: number;
    connectivityOutages: number;
    connectivityDownMinutes: number;
    offlineShare: number | null;
    uploadDelayMedianMinutes: number | null;
    uploadDelayP95Minutes: number | null;
  };
  generatedAt: string;
}

const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

/** The p-th percentile (0–100) by the nearest-rank method; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const delayMinutes = (r: StoredInspection) =>
  Math.max(0, (Date.parse(r.receivedAt) - Date.parse(r.data.startedAt)) / 60_000);

export function assessPort(input: {
  port: Pick<Port, 'code' | 'name' | 'border'>;
  equipment: readonly Equipment[];
  inspections: readonly StoredInspection[];
  days: number;
  minimumDaysPerWeek: number;
}): PortInfrastructure {
  const { port, equipment, inspections } = input;
  const assets: AssetFigures[] = [];
  for (const asset of ASSETS) {
    const records = equipment.filter((e) => e.asset === asset);
    if (records.length === 0) continue;
    const ok = records.filter((e) => e.status === 'ok').length;
    assets.push({
      asset,
      observations: records.length,
      ok,
      degraded: records.filter((e) => e.status === 'degraded').length,
      down: records.filter((e) => e.status === 'down').length,
      availability: round(ok / records.length, 3),
      downMinutes: records.reduce((n, e) => n + e.minutesDown, 0),
    });
  }
  const network = equipment.filter((e) => e.asset === 'network');
  const outages = network.filter((e) => e.status !== 'ok' || e.minutesDown > 0);
  const connectivityDownMinutes = network.reduce((n, e) => n + e.minutesDown, 0);
  const delays = inspections.map(delayMinutes);
  const capturedOffline = inspections.filter((r) => r.data.capturedOffline).length;
  const inspectionDays = new Set(inspections.map((r) => r.day)).size;
  const requiredInspectionDays = Math.round((input.minimumDaysPerWeek * input.days) / 7);
  const reported = new Set(assets.map((a) => a.asset));
  const missing = CORE_TECHNOLOGY.filter((a) => !reported.has(a));
  const offlineShare = inspections.length > 0 ? round(capturedOffline / inspections.length, 3) : null;
  const p95 = percentile(delays, 95);
  const row: PortInfrastructure = {
    portCode: port.code,
    name: port.name,
    border: port.border,
    assets,
    missing,
    connectivityOutages: outages.length,
    connectivityDownMinutes,
    inspections: inspections.length,
    capturedOffline,
    offlineShare,
    uploadDelayMedianMinutes: delays.length ? round(median(delays) as number) : null,
    uploadDelayP95Minutes: p95 === null ? null : round(p95),
    inspectionDays,
    requiredInspectionDays,
    problemScore: 0,
    reasons: [],
  };
  return score(row, input.days, equipment.length > 0 || inspections.length > 0);
}

/**
 * How strongly the figures point to technology or connectivity holding inspections back: connectivity downtime
 * (hours a day), the least available inspection asset, core technology never reported, records captured offline and
 * uploads later than an hour, weighted; multiplied up where the port also fell short of its minimum inspection days.
 */
function score(row: PortInfrastructure, days: number, reportedAnything: boolean): PortInfrastructure {
  const reasons: string[] = [];
  const downHoursPerDay = row.connectivityDownMinutes / 60 / Math.max(1, days);
  const connectivity = Math.min(1, downHoursPerDay / 2);
  if (row.connectivityOutages > 0)
    reasons.push(
      `network down ${round(row.connectivityDownMinutes / 60)} h in ${row.connectivityOutages} outage reports`,
    );
  const inspectionAssets = row.assets.filter((a) => a.asset !== 'network');
  const worst = inspectionAssets.reduce<AssetFigures | undefined>(
    (w, a) => (!w || a.availability < w.availability ? a : w),
    undefined,
  );
  const unavailability = worst ? 1 - worst.availability : 0;
  if (worst && worst.availability < 0.9)
    reasons.push(`${ASSET_NAMES[worst.asset]} working in ${Math.round(worst.availability * 100)}% of checks`);
  const missing = reportedAnything ? row.missing.length / CORE_TECHNOLOGY.length : 0;
  if (reportedAnything && row.missing.length > 0)
    reasons.push(`no ${row.missing.map((a) => ASSET_NAMES[a]).join(', ')} reported`);
  const offline = row.offlineShare ?? 0;
  if (offline >= 0.2) reasons.push(`${Math.round(offline * 100)}% of inspections captured offline`);
  // an upload within the hour is no sign of trouble; two days late is the worst
  const late = Math.min(1, Math.max(0, (row.uploadDelayP95Minutes ?? 0) - 60) / (47 * 60));
  if ((row.uploadDelayP95Minutes ?? 0) >= 12 * 60)
    reasons.push(`95% of inspections arrived within ${round((row.uploadDelayP95Minutes ?? 0) / 60)} h`);
  const problem = 0.35 * connectivity + 0.25 * unavailability + 0.15 * missing + 0.15 * offline + 0.1 * late;
  const shortfall =
    row.requiredInspectionDays > 0 ? Math.max(0, 1 - row.inspectionDays / row.requiredInspectionDays) : 0;
  if (shortfall > 0 && problem > 0)
    reasons.push(`inspected on ${row.inspectionDays} of ${row.requiredInspectionDays} required days`);
  return { ...row, problemScore: round(Math.min(1, problem * (1 + shortfall)), 3), reasons };
}

export function assess(input: {
  period: { id: string; from: string; to: string };
  ports: ReadonlyArray<Parameters<typeof assessPort>[0]>;
  generatedAt: string;
}): InfrastructureAssessment {
  const ports = input.ports.map(assessPort);
  const delays = input.ports.flatMap((p) => p.inspections.map(delayMinutes));
  const inspections = ports.reduce((n, p) => n + p.inspections, 0);
  const p50 = median(delays);
  const p95 = percentile(delays, 95);
  return {
    period: input.period,
    ports,
    ranked: ports
      .filter((p) => p.problemScore > 0)
      .sort((a, b) => b.problemScore - a.problemScore || a.portCode.localeCompare(b.portCode)),
    national: {
      portsReporting: ports.filter((p) => p.assets.length > 0).length,
      connectivityOutages: ports.reduce((n, p) => n + p.connectivityOutages, 0),
      connectivityDownMinutes: ports.reduce((n, p) => n + p.connectivityDownMinutes, 0),
      offlineShare: inspections > 0 ? round(ports.reduce((n, p) => n + p.capturedOffline, 0) / inspections, 3) : null,
      uploadDelayMedianMinutes: p50 === null ? null : round(p50),
      uploadDelayP95Minutes: p95 === null ? null : round(p95),
    },
    generatedAt: input.generatedAt,
  };
}
