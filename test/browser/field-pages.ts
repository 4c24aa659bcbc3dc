// What an officer does in the field app, step by step, for the browser tests and the benchmark.
import type { Page } from 'playwright-core';

export interface Person {
  username: string;
  password: string;
}

/** Signs in through the provider's page and waits for the app. */
export async function signIn(page: Page, person: Person): Promise<void> {
  await page.getByRole('button', { name: /^Sign in/ }).click();
  await page.getByLabel('Username').fill(person.username);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(/Waiting to send: \d+/).waitFor();
  await page.getByText(`${person.username} · port`).waitFor();
}

/** The app works offline from the next load on once its service worker controls the page. */
export async function waitForOfflineShell(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return Boolean(registration.active && navigator.serviceWorker.controller);
  });
}

export async function waiting(page: Page, count: number, timeout = 120_000): Promise<void> {
  await page.getByText(`Waiting to send: ${count}`, { exact: true }).waitFor({ timeout });
}

export async function open(
  page: Page,
  tab: 'Inspection' | 'Traffic' | 'Staffing' | 'Equipment' | 'Queue' | 'Receipts',
) {
  await page
    .getByRole('navigation', { name: 'Field app' })
    .getByRole('link', { name: new RegExp(`^${tab}`) })
    .click();
}

export interface InspectionInput {
  startedAt?: string;
  currencyUsd?: number;
  disposition?: string;
}

export async function captureInspection(page: Page, input: InspectionInput = {}): Promise<void> {
  await open(page, 'Inspection');
  const form = page.getByRole('form', { name: 'Inspection' });
  if (input.startedAt) await form.getByLabel('Started at').fill(input.startedAt);
  await form.getByLabel('Mode').selectOption('personal_vehicle');
  await form.getByLabel('Interview').check();
  await form.getByLabel('Physical').check();
  await form.getByLabel('Travelers').fill('2');
  await form.getByLabel('Staff minutes').fill('25');
  if (input.currencyUsd) {
    await form.getByRole('button', { name: 'Add finding' }).click();
    const finding = form.getByRole('group', { name: 'Finding 1' });
    await finding.getByLabel('Type').selectOption('currency');
    await finding.getByLabel('Amount (USD)').fill(String(input.currencyUsd));
  }
  await form.getByLabel('Disposition').selectOption(input.disposition ?? (input.currencyUsd ? 'seized' : 'cleared'));
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Inspection saved on this device.').waitFor();
}

export async function captureTraffic(page: Page, exits: number): Promise<void> {
  await open(page, 'Traffic');
  const form = page.getByRole('form', { name: 'Traffic count' });
  await form.getByLabel('Mode').selectOption('truck');
  await form.getByLabel('Exits').fill(String(exits));
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Traffic count saved on this device.').waitFor();
}

export async function captureStaffing(page: Page, outboundHours: number): Promise<void> {
  await open(page, 'Staffing');
  const form = page.getByRole('form', { name: 'Staffing log' });
  await form.getByLabel('Shift').fill('day');
  await form.getByLabel('Outbound hours').fill(String(outboundHours));
  await form.getByLabel('Officers').fill('3');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Staffing log saved on this device.').waitFor();
}

export async function captureEquipment(page: Page): Promise<void> {
  await open(page, 'Equipment');
  const form = page.getByRole('form', { name: 'Equipment status' });
  await form.getByLabel('Asset').selectOption('xray');
  await form.getByLabel('Status').selectOption('degraded');
  await form.getByLabel('Minutes down').fill('20');
  await form.getByLabel('Note').fill('X-ray belt slipping');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Equipment status saved on this device.').waitFor();
}

// The browser's globals used inside page.evaluate: this file is compiled with Node's types, not the DOM's.
interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbTransaction {
  objectStore(name: string): {
    getAll(): IdbRequest<unknown[]>;
    get(key: string): IdbRequest<unknown>;
    put(value: unknown): IdbRequest<unknown>;
  };
  oncomplete: (() => void) | null;
}
interface IdbDatabase {
  transaction(store: string, mode?: 'readonly' | 'readwrite'): IdbTransaction;
  close(): void;
}
declare const indexedDB: { open(name: string): IdbRequest<IdbDatabase> };
declare const navigator: { serviceWorker: { ready: Promise<{ active: unknown }>; controller: unknown } };
declare const document: {
  querySelector(selector: string): { textContent: string | null; click(): void } | null;
};
declare const localStorage: {
  getItem(key: string): string | null;
  removeItem(key: string): void;
  length: number;
  key(index: number): string | null;
};
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: unknown, options: Record<string, boolean>): void;
  disconnect(): void;
}

/** Everything in one of the app's IndexedDB stores ('records', 'batches', 'meta'), read in the page. */
export async function readStore<T>(page: Page, store: 'records' | 'batches'): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const request = indexedDB.open('outbound-field');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const all = request.result.transaction(name).objectStore(name).getAll();
          all.onsuccess = () => {
            request.result.close();
            resolve(all.result as T[]);
          };
        };
      }),
    store,
  );
}

/** The app's queue as IndexedDB holds it (what the officer's device keeps). */
export async function storedQueue(page: Page): Promise<Array<{ recordId: string; kind: string; state: string }>> {
  return readStore(page, 'records');
}

/** Puts records straight into the signed-in officer's queue, as if each had been saved (for the benchmark). */
export async function seedQueue(page: Page, kind: string, records: Array<Record<string, unknown>>): Promise<void> {
  await page.evaluate(
    ({ kind, records }) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('outbound-field');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const get = db.transaction('meta').objectStore('meta').get('officer');
          get.onsuccess = () => {
            const officer = get.result as { subject: string; port: string };
            const tx = db.transaction('records', 'readwrite');
            const savedAt = new Date().toISOString();
            for (const data of records) {
              tx.objectStore('records').put({
                recordId: data.recordId,
                kind,
                owner: officer.subject,
                portCode: officer.port,
                data,
                summary: kind,
                savedAt,
                state: 'waiting',
              });
            }
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
          };
        };
      }),
    { kind, records },
  );
}

/** Clicks the form's "Save" in the page and resolves when the status shows `expected` (no driver polling). */
export async function saveInPage(page: Page, expected: string): Promise<void> {
  await page.evaluate(
    (expected) =>
      new Promise<void>((resolve) => {
        const status = document.querySelector('.waiting');
        const observer = new MutationObserver(() => {
          if (status?.textContent === expected) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(status, { childList: true, characterData: true, subtree: true });
        document.querySelector('form.capture button[type=submit]')?.click();
      }),
    expected,
  );
}

/** The signed-in officer's ID token, as the app keeps it (the bearer token the API takes). */
export async function idToken(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith('oidc.user:'))
        return (JSON.parse(localStorage.getItem(key) ?? '{}') as { id_token?: string }).id_token;
    }
    return undefined;
  });
}

/** The session ends on the device (its tokens gone, as when the refresh token has expired). */
export async function forgetSession(page: Page): Promise<void> {
  await page.evaluate(() => {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i) ?? '');
    for (const key of keys) if (key.startsWith('oidc.user:')) localStorage.removeItem(key);
  });
}
