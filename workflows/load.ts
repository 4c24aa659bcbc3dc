// Loads a workflow definition (JSONPath ASL) and fills its ${Placeholders}, as CDK's definitionSubstitutions do.
import { readFileSync } from 'node:fs';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';

export function loadDefinition(file: string | URL, substitutions: Record<string, string>): StateMachineDefinition {
  const text = readFileSync(file, 'utf8').replace(/\$\{(\w+)\}/g, (placeholder, key: string) => {
    const value = substitutions[key];
    if (value === undefined) throw new Error(`${String(file)}: no substitution for ${placeholder}`);
    return value;
  });
  return JSON.parse(text) as StateMachineDefinition;
}

export function placeholdersOf(file: string | URL): string[] {
  return [...new Set([...readFileSync(file, 'utf8').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1] as string))];
}
