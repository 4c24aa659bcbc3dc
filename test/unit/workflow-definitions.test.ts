// The workflow files as data: well-formed JSONPath ASL that the CDK app and the local endpoint can both run.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { placeholdersOf } from '../../workflows/load.js';

const dir = new URL('../../workflows/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.asl.json'));

type State = Record<string, unknown> & {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: Array<{ Next: string }>;
  Catch?: Array<{ Next: string; ErrorEquals: string[] }>;
  Retry?: unknown[];
};

describe.each(files)('%s', (file) => {
  const definition = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as {
    StartAt: string;
    States: Record<string, State>;
    QueryLanguage?: string;
  };
  const states = definition.States;

  it('is JSONPath (the local interpreter has no JSONata) and uses no variables', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(JSON.stringify(definition)).not.toMatch(/"Assign"|"Arguments"|\{%/);
  });

  it('points every transition at a state that exists, and reaches every state', () => {
    const targets = (s: State) =>
      [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next), ...(s.Catch ?? []).map((c) => c.Next)].filter(
        Boolean,
      ) as string[];
    for (const state of Object.values(states))
      for (const target of targets(state)) expect(Object.keys(states)).toContain(target);
    const reached = new Set<string>();
    const visit = (name: string) => {
      if (reached.has(name)) return;
      reached.add(name);
      for (const next of targets(states[name] as State)) visit(next);
    };
    visit(definition.StartAt);
    expect([...reached].sort()).toEqual(Object.keys(states).sort());
  });

  it('retries and catches every task except the one that records a failure, and bounds every callback', () => {
    for (const [name, state] of Object.entries(states).filter(([, s]) => s.Type === 'Task')) {
      expect(state.Retry, name).toBeDefined();
      if (name !== 'RecordFailure')
        expect(
          state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL')),
          name,
        ).toBe(true);
      if (String(state.Resource).endsWith('.waitForTaskToken')) {
        expect(state.TimeoutSecondsPath ?? state.TimeoutSeconds, name).toBeDefined();
        expect(JSON.stringify(state.Parameters)).toContain('$$.Task.Token');
      }
    }
  });

  it('names its functions only through substitutions', () => {
    expect(placeholdersOf(new URL(file, dir)).every((p) => p.endsWith('FunctionArn'))).toBe(true);
    expect(JSON.stringify(definition)).not.toMatch(/arn:aws:lambda:/);
  });
});
