import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { mapAtlas } from '../../web/build.js';

const source = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('us-atlas/states-albers-10m.json'), 'utf8'),
) as Topology<{ states: GeometryCollection; nation: GeometryCollection }>;

type Ring = number[][];

/** Plane area in square pixels of the projected atlas (signed rings summed, so holes count out). */
function squarePixels(geometry: Geometry): number {
  if (!('coordinates' in geometry)) return 0;
  const ring = (points: Ring) =>
    points.reduce((sum, [x = 0, y = 0], i) => {
      const [nx = 0, ny = 0] = points[(i + 1) % points.length] ?? [];
      return sum + x * ny - nx * y;
    }, 0) / 2;
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][];
  return Math.abs(polygons.reduce((sum, rings) => sum + rings.reduce((s, r) => s + ring(r), 0), 0));
}

describe("the console map's atlas", () => {
  const atlas = mapAtlas(source) as typeof source;
  const statesOf = (topology: typeof source) => feature(topology, topology.objects.states).features;

  it('keeps the 50 states and DC', () => {
    const ids = statesOf(atlas).map((state) => String(state.id));
    expect(ids).toHaveLength(51);
    expect(ids).toEqual(expect.arrayContaining(['02', '15', '11', '48', '06', '44']));
  });

  it('is less than half the size gzipped, and every state keeps its area within 3 % (or 10 square pixels, for the smallest)', () => {
    const gzip = (value: unknown) => gzipSync(JSON.stringify(value)).length;
    expect(gzip(atlas)).toBeLessThan(gzip(source) / 2);
    const areas = new Map(statesOf(source).map((state) => [String(state.id), squarePixels(state.geometry)]));
    for (const state of statesOf(atlas)) {
      const before = areas.get(String(state.id)) ?? 0;
      const after = squarePixels(state.geometry);
      expect(Math.abs(after - before), `state ${state.id}`).toBeLessThan(Math.max(0.03 * before, 10));
    }
  });
});
