// Chromium from the npm package @sparticuz/chromium, started as an ordinary desktop browser would be: the package's
// own flags are for one-shot Lambda use (one process, web security off) and would hide what a real browser refuses.
import chromium from '@sparticuz/chromium';
import { type BrowserServer, type LaunchOptions, chromium as playwright } from 'playwright-core';

const ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--font-render-hinting=none',
];

export async function chromiumLaunchOptions(): Promise<LaunchOptions> {
  return { executablePath: await chromium.executablePath(), args: ARGS, headless: true };
}

export async function launchBrowserServer(): Promise<BrowserServer> {
  return playwright.launchServer(await chromiumLaunchOptions());
}
