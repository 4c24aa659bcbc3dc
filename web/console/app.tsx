// The console's frame: the top bar with the pages the signed-in person may open, and the page of the current route.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { href, matchPath, route } from '../shared/router.js';
import { type Person, person, type Role, signIn, signOut } from '../shared/session.js';

type PageProps = { params: Record<string, string>; query: Record<string, string>; person: Person };
type PageModule = { default: ComponentType<PageProps> };

interface PageRoute {
  pattern: string;
  roles: readonly Role[];
  load: () => Promise<PageModule>;
  /** The menu entry, for the pages the menu lists. */
  menu?: string;
}

const HQ: readonly Role[] = ['hq'];
const DECIDERS: readonly Role[] = ['hq', 'supervisor', 'investigator'];

/** Every page, who may open it, and the module that draws it (loaded with the page, so charts load only there). */
export const PAGES: readonly PageRoute[] = [
  { pattern: '/', roles: HQ, load: () => import('./pages/overview.js'), menu: 'National overview' },
  { pattern: '/compliance', roles: HQ, load: () => import('./pages/compliance.js'), menu: 'Compliance' },
  { pattern: '/referrals', roles: DECIDERS, load: () => import('./pages/referrals.js'), menu: 'Referrals' },
  { pattern: '/referrals/:id', roles: DECIDERS, load: () => import('./pages/referral.js') },
  {
    pattern: '/surges',
    roles: ['hq', 'supervisor'],
    load: () => import('./pages/surges.js'),
    menu: 'Surge operations',
  },
  { pattern: '/surges/new', roles: HQ, load: () => import('./pages/surge-form.js') },
  { pattern: '/surges/:id', roles: ['hq', 'supervisor'], load: () => import('./pages/surge.js') },
  { pattern: '/policy', roles: HQ, load: () => import('./pages/policy.js'), menu: 'Policy' },
  { pattern: '/policy/what-if', roles: HQ, load: () => import('./pages/what-if.js'), menu: 'What if' },
  { pattern: '/reports', roles: HQ, load: () => import('./pages/reports.js'), menu: 'Reports' },
  { pattern: '/ports/:code', roles: ['hq', 'supervisor'], load: () => import('./pages/port.js') },
];

/** Where each role lands. */
export function homeOf(who: Person): string {
  if (who.role === 'hq') return '/';
  if (who.role === 'officer') return '/field-app';
  return '/referrals';
}

function menuFor(who: Person): Array<{ path: string; label: string }> {
  const items = PAGES.filter((page) => page.menu && page.roles.includes(who.role)).map((page) => ({
    path: page.pattern,
    label: page.menu as string,
  }));
  if (who.role === 'supervisor' && who.port) items.push({ path: `/ports/${who.port}`, label: 'My port' });
  return items;
}

/** The page modules loaded so far: a page opened again draws in the same render, not a frame later. */
const loadedPages = new Map<PageRoute, PageModule>();

function LazyPage({ page, props }: { page: PageRoute; props: PageProps }) {
  const [loaded, setLoaded] = useState<{ page: PageRoute; module: PageModule } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cached = loadedPages.get(page);
  useEffect(() => {
    if (loadedPages.has(page)) return;
    let live = true;
    page
      .load()
      .then((module) => {
        loadedPages.set(page, module);
        if (live) setLoaded({ page, module });
      })
      .catch((e: unknown) => live && setError(String(e)));
    return () => {
      live = false;
    };
  }, [page]);
  if (error) return <p class="notice error">This page could not load: {error}</p>;
  const module = cached ?? (loaded?.page === page ? loaded.module : undefined);
  if (!module) return <p aria-busy="true">Loading…</p>;
  const Page = module.default;
  return <Page {...props} />;
}

function SignedOut() {
  return (
    <main id="main">
      <h1>Outbound console</h1>
      <p>Sign in to see the pages of your role.</p>
      <button type="button" onClick={() => void signIn()}>
        Sign in
      </button>
    </main>
  );
}

function FieldAppLink({ who }: { who: Person }) {
  return (
    <main id="main">
      <h1>Field app</h1>
      <p>
        The console is for supervisors, investigators and headquarters. As an officer of port {who.port}, you capture
        and send your records in the field app.
      </p>
      <p>
        <a class="button" href="/field/">
          Open the field app
        </a>
      </p>
    </main>
  );
}

function NotYours() {
  return (
    <main id="main">
      <h1>Not available</h1>
      <p>This page is not open to your role.</p>
    </main>
  );
}

export function App() {
  const who = person.value;
  if (!who) return <SignedOut />;
  const { path, query } = route.value;
  const found = PAGES.map((page) => ({ page, params: matchPath(page.pattern, path) })).find((m) => m.params);
  const menu = menuFor(who);
  let body: preact.JSX.Element;
  if (who.role === 'officer') body = <FieldAppLink who={who} />;
  else if (!found?.params) body = <NotYours />;
  else if (!found.page.roles.includes(who.role)) {
    if (path === '/') {
      location.replace(href(homeOf(who)));
      body = <p>Loading…</p>;
    } else body = <NotYours />;
  } else
    body = (
      <main id="main">
        <LazyPage page={found.page} props={{ params: found.params, query, person: who }} />
      </main>
    );
  return (
    <>
      <button type="button" class="skip" onClick={skipToMain}>
        Skip to content
      </button>
      <header class="top">
        <span class="brand">Outbound</span>
        {menu.length > 0 && (
          <nav aria-label="Pages">
            <ul>
              {menu.map((item) => (
                <li key={item.path}>
                  <a href={href(item.path)} aria-current={item.path === path ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div class="who">
          <span>
            {who.username} · {who.role}
            {who.port ? ` · port ${who.port}` : ''}
            {who.agency ? ` · ${who.agency}` : ''}
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {body}
    </>
  );
}

/** The hash is the router's: the skip control moves focus without changing it. */
function skipToMain(): void {
  const main = document.getElementById('main');
  main?.setAttribute('tabindex', '-1');
  main?.focus();
}
