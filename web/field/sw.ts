// The field app's service worker: keeps the app shell so the app opens with no network; never touches API answers
// (they are on another origin, and anything outside /field/ goes to the network untouched).

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface ServiceWorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  registration: { scope: string };
}
const worker = self as unknown as ServiceWorkerScope;
/** The shell's version (a hash of its files), set by the build: a new build is a new cache. */
declare const SHELL_VERSION: string;

const CACHE = `outbound-field-${SHELL_VERSION}`;
const scope = new URL(worker.registration.scope);
/** Read from the network when there is one (settings may change), from the cache when there is not. */
const FRESH_FIRST = new Set([`${scope.pathname}config.json`]);

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(`${scope.pathname}shell.json`, { cache: 'no-cache' });
      const files = (await response.json()) as string[];
      const cache = await caches.open(CACHE);
      await cache.addAll(files.map((file) => new Request(file, { cache: 'no-cache' })));
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith('outbound-field-') && name !== CACHE) await caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

async function freshFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

async function shellFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  // every page of the app is its index (the sign-in answer comes back to /field/?code=…)
  const key = request.mode === 'navigate' ? scope.pathname : request;
  const cached = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
  return cached ?? fetch(request);
}

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== scope.origin) return;
  const shared = url.pathname.startsWith('/chunks/') || url.pathname.startsWith('/assets/');
  if (!url.pathname.startsWith(scope.pathname) && !shared) return;
  if (url.pathname === `${scope.pathname}sw.js`) return;
  event.respondWith(FRESH_FIRST.has(url.pathname) ? freshFirst(event.request) : shellFirst(event.request));
});
