// Each app reads its settings from the config.json served beside it (written by npm start, or the CDK app in AWS).
import type { WebConfig } from '../security-headers.js';

export type { WebConfig };

export async function loadConfig(base: string): Promise<WebConfig> {
  const response = await fetch(`${base}config.json`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`config.json could not be read (${response.status})`);
  return (await response.json()) as WebConfig;
}
