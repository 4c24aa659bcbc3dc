// The tables' key schemas: one description used by the CDK app and by the local cloud alike.

export interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableSpec {
  /** Logical name: the key in endpoints.json `tables` and the suffix of the physical name. */
  id: 'records' | 'referrals' | 'operations' | 'metrics' | 'control';
  envVar: 'RECORDS_TABLE' | 'REFERRALS_TABLE' | 'OPERATIONS_TABLE' | 'METRICS_TABLE' | 'CONTROL_TABLE';
  purpose: string;
  partitionKey: 'pk';
  sortKey: 'sk';
  indexes: IndexSpec[];
}

const gsi = (n: number, name: string): IndexSpec => ({ name, partitionKey: `gsi${n}pk`, sortKey: `gsi${n}sk` });

export const TABLE_SPECS: readonly TableSpec[] = [
  {
    id: 'records',
    envVar: 'RECORDS_TABLE',
    purpose:
      'field records (inspections, traffic, staffing, equipment), one item per port and recordId, with the outbox of their referral requests',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1, 'byPortDay'), gsi(2, 'referralOutbox')],
  },
  {
    id: 'referrals',
    envVar: 'REFERRALS_TABLE',
    purpose: 'referrals and their append-only audit trails',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1, 'byStatus'), gsi(2, 'byPort')],
  },
  {
    id: 'operations',
    envVar: 'OPERATIONS_TABLE',
    purpose: 'pulse-and-surge operations, their port assignments and status history',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1, 'byStatus'), gsi(2, 'byPort')],
  },
  {
    id: 'metrics',
    envVar: 'METRICS_TABLE',
    purpose: 'computed aggregates per port (and nationally) per day, ISO week and month',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [],
  },
  {
    id: 'control',
    envVar: 'CONTROL_TABLE',
    purpose: 'port registry, policy and its audit trail, upload bookkeeping',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1, 'byKind')],
  },
];

export function tableSpec(id: TableSpec['id']): TableSpec {
  const spec = TABLE_SPECS.find((candidate) => candidate.id === id);
  if (!spec) throw new Error(`no table ${id}`);
  return spec;
}
