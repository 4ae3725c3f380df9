import { type ComponentType, lazy, Suspense, useEffect, useState } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { session } from './api/session.ts';
import { useUser } from './api/use-session.ts';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { Layout } from './components/layout.tsx';
import { AdminPage } from './pages/admin.tsx';
import { HomePage } from './pages/home.tsx';
import { LibraryPage } from './pages/library.tsx';
import { LoginPage, SsoLandingPage } from './pages/login.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { SharedPage } from './pages/shared.tsx';
import { ThreadPage } from './pages/thread.tsx';

/** A page loaded on first visit, so the first load carries only what asking a question needs. */
function lazyPage<Props>(load: () => Promise<ComponentType<Props>>) {
  return lazy(async () => ({ default: await load() }));
}

const FilesPage = lazyPage(() => import('./pages/files.tsx').then((page) => page.FilesPage));
const FileRedirectPage = lazyPage(() =>
  import('./pages/file-redirect.tsx').then((page) => page.FileRedirectPage),
);
const SpacesPage = lazyPage(() => import('./pages/spaces.tsx').then((page) => page.SpacesPage));
const SpacePage = lazyPage(() => import('./pages/space.tsx').then((page) => page.SpacePage));
const CollectionPage = lazyPage(() => import('./pages/collection.tsx').then((page) => page.CollectionPage));
const SharedCollectionPage = lazyPage(() =>
  import('./pages/shared-collection.tsx').then((page) => page.SharedCollectionPage),
);

const DiscoverPage = lazyPage(() => import('./pages/discover.tsx').then((page) => page.DiscoverPage));
const FinancePage = lazyPage(() => import('./pages/finance.tsx').then((page) => page.FinancePage));
const QuotePage = lazyPage(() => import('./pages/quote.tsx').then((page) => page.QuotePage));
const TravelPage = lazyPage(() => import('./pages/travel.tsx').then((page) => page.TravelPage));
const MediaPage = lazyPage(() => import('./pages/media.tsx').then((page) => page.MediaPage));
const AuditLogPage = lazyPage(() => import('./pages/audit-log.tsx').then((page) => page.AuditLogPage));
const CreatePage = lazyPage(() => import('./pages/create.tsx').then((page) => page.CreatePage));
const TasksPage = lazyPage(() => import('./pages/tasks.tsx').then((page) => page.TasksPage));
const NotificationsPage = lazyPage(() =>
  import('./pages/notifications.tsx').then((page) => page.NotificationsPage),
);
const BillingPage = lazyPage(() => import('./pages/billing.tsx').then((page) => page.BillingPage));

const loadingPage = <div className="page" aria-busy="true" />;

function SignedInRoutes() {
  return (
    <Layout>
      <ErrorBoundary>
        <Suspense fallback={loadingPage}>
          <Switch>
            <Route path="/" component={HomePage} />
            <Route path="/search/:threadId">
              {(params) => <ThreadPage key={params.threadId} threadId={params.threadId} />}
            </Route>
            <Route path="/library" component={LibraryPage} />
            <Route path="/files" component={FilesPage} />
            <Route path="/files/:id">
              {(params) => <FileRedirectPage key={params.id} fileId={params.id} />}
            </Route>
            <Route path="/spaces" component={SpacesPage} />
            <Route path="/spaces/:id">{(params) => <SpacePage key={params.id} spaceId={params.id} />}</Route>
            <Route path="/collections/:id">
              {(params) => <CollectionPage key={params.id} collectionId={params.id} />}
            </Route>
            <Route path="/discover">{() => <DiscoverPage />}</Route>
            <Route path="/discover/:topic">{(params) => <DiscoverPage topicId={params.topic} />}</Route>
            <Route path="/finance" component={FinancePage} />
            <Route path="/finance/:symbol">
              {(params) => <QuotePage key={params.symbol} symbol={params.symbol} />}
            </Route>
            <Route path="/travel" component={TravelPage} />
            <Route path="/media" component={MediaPage} />
            <Route path="/settings" component={SettingsPage} />
            <Route path="/admin" component={AdminPage} />
            <Route path="/audit-log" component={AuditLogPage} />
            <Route path="/create">{() => <CreatePage />}</Route>
            <Route path="/create/:id">
              {(params) => <CreatePage key={params.id} artifactId={params.id} />}
            </Route>
            <Route path="/tasks" component={TasksPage} />
            <Route path="/notifications" component={NotificationsPage} />
            <Route path="/billing" component={BillingPage} />
            <Route>
              <div className="page page--narrow">
                <h1>Page not found</h1>
                <p>
                  There is nothing at this address. <a href="/">Ask a question</a> instead.
                </p>
              </div>
            </Route>
          </Switch>
        </Suspense>
      </ErrorBoundary>
    </Layout>
  );
}

/**
 * On load the refresh cookie (if any) becomes a session, so a reload keeps the person signed in
 * and on the same page. Shared threads and the end of single sign-on need no session.
 */
export function App() {
  const user = useUser();
  const [checked, setChecked] = useState(false);
  const [location] = useLocation();
  useEffect(() => {
    session
      .refresh()
      .catch(() => false)
      .finally(() => setChecked(true));
  }, []);

  return (
    <ErrorBoundary>
      <Switch>
        <Route path="/s/:shareId">{(params) => <SharedPage shareId={params.shareId} />}</Route>
        <Route path="/collections/shared/:shareId">
          {(params) => (
            <Suspense fallback={loadingPage}>
              <SharedCollectionPage shareId={params.shareId} />
            </Suspense>
          )}
        </Route>
        <Route path="/auth/sso" component={SsoLandingPage} />
        <Route path="/login">{user ? <Redirect to="/" replace /> : <LoginPage />}</Route>
        <Route>
          {!checked ? (
            <div className="splash" aria-busy="true">
              <img src="/favicon.svg" alt="" width={40} height={40} />
            </div>
          ) : user ? (
            <SignedInRoutes />
          ) : (
            <Redirect
              to={`/login${location === '/' ? '' : `?returnTo=${encodeURIComponent(location)}`}`}
              replace
            />
          )}
        </Route>
      </Switch>
    </ErrorBoundary>
  );
}
