// Every port against its minimum inspection frequency: sortable, filtered by border, exported as CSV.
import { useState } from 'preact/hooks';
import { BORDERS } from '../../../functions/domain/ports.js';
import { href, navigate } from '../../shared/router.js';
import { WhenLoaded } from '../components.js';
import { type ComplianceEntry, compliance } from '../data/metrics.js';
import { formatWhole } from '../format.js';
import { useData } from '../use-data.js';

type Column = {
  key: keyof ComplianceEntry;
  label: string;
  numeric?: boolean;
  show?: (row: ComplianceEntry) => string;
};

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

const COLUMNS: Column[] = [
  { key: 'name', label: 'Port' },
  { key: 'border', label: 'Border' },
  { key: 'minimumDaysPerWeek', label: 'Minimum days per week', numeric: true },
  { key: 'inspectionDays7', label: 'Inspection days (7)', numeric: true },
  { key: 'inspectionDays28', label: 'Inspection days (28)', numeric: true },
  { key: 'compliant7', label: 'Compliant (7 days)', show: (row) => yesNo(row.compliant7) },
  { key: 'compliant28', label: 'Compliant (28 days)', show: (row) => yesNo(row.compliant28) },
  {
    key: 'daysSinceLastInspection',
    label: 'Days since last inspection',
    numeric: true,
    show: (row) => (row.daysSinceLastInspection === null ? 'never' : formatWhole(row.daysSinceLastInspection)),
  },
  { key: 'exits28', label: 'Exits (28 days)', numeric: true, show: (row) => formatWhole(row.exits28) },
];

function compare(key: keyof ComplianceEntry) {
  return (a: ComplianceEntry, b: ComplianceEntry) => {
    const x = a[key];
    const y = b[key];
    if (x === y) return a.portCode.localeCompare(b.portCode);
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return typeof x === 'string' ? x.localeCompare(String(y)) : Number(x) - Number(y);
  };
}

function csvOf(rows: ComplianceEntry[]): string {
  const header = ['portCode', ...COLUMNS.map((c) => c.key), 'lastInspectionDay'];
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [
    header.join(','),
    ...rows.map((row) => header.map((key) => cell(row[key as keyof ComplianceEntry])).join(',')),
  ].join('\n');
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export default function CompliancePage({ query }: { query: Record<string, string> }) {
  const loaded = useData(() => compliance(), []);
  const border = query.border ?? '';
  const [sort, setSort] = useState<{ key: keyof ComplianceEntry; descending: boolean }>({
    key: 'daysSinceLastInspection',
    descending: true,
  });
  return (
    <>
      <h1>Compliance</h1>
      <p>Every active port against its minimum inspection frequency, over the trailing 7 and 28 days.</p>
      <WhenLoaded loaded={loaded} what="compliance">
        {(answer) => {
          const rows = answer.ports.filter((row) => !border || row.border === border).sort(compare(sort.key));
          if (sort.descending) rows.reverse();
          return (
            <>
              <div class="row">
                <div>
                  <label for="border-filter">Border</label>
                  <select
                    id="border-filter"
                    value={border}
                    onChange={(event) => {
                      const value = (event.target as HTMLSelectElement).value;
                      navigate(value ? `/compliance?border=${value}` : '/compliance');
                    }}
                  >
                    <option value="">Both borders</option>
                    {BORDERS.map((b) => (
                      <option key={b} value={b}>
                        {b}
                      </option>
                    ))}
                  </select>
                </div>
                <button
                  type="button"
                  class="secondary"
                  onClick={() => download(`compliance-${answer.asOf}${border ? `-${border}` : ''}.csv`, csvOf(rows))}
                >
                  Export as CSV
                </button>
                <p class="muted">
                  {rows.length} ports, {rows.filter((r) => !r.compliant28).length} below the minimum over 28 days · as
                  of {answer.asOf}
                </p>
              </div>
              <section class="table-scroll" aria-label="Every port against its minimum">
                <table>
                  <thead>
                    <tr>
                      {COLUMNS.map((column) => {
                        const active = sort.key === column.key;
                        return (
                          <th
                            key={column.key}
                            scope="col"
                            class={column.numeric ? 'num' : undefined}
                            aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                          >
                            <button
                              type="button"
                              class="sort"
                              onClick={() =>
                                setSort({ key: column.key, descending: active ? !sort.descending : !!column.numeric })
                              }
                            >
                              {column.label}
                              {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
                            </button>
                          </th>
                        );
                      })}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.portCode}>
                        {COLUMNS.map((column) => (
                          <td key={column.key} class={column.numeric ? 'num' : undefined}>
                            {column.key === 'name' ? (
                              <a href={href(`/ports/${row.portCode}`)}>
                                {row.name} ({row.portCode})
                              </a>
                            ) : column.show ? (
                              column.show(row)
                            ) : (
                              String(row[column.key] ?? '')
                            )}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          );
        }}
      </WhenLoaded>
    </>
  );
}
