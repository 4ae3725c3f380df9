import { ApiFailure, describeError } from '../api/errors.ts';

/** What an operator sets to turn a page's provider on, in K3s and with `pnpm start`. */
const setups = {
  finance: {
    title: 'Market data is not set up on this server',
    what: 'Finance needs an API key from Financial Modeling Prep (FMP).',
    variables: ['FMP_API_KEY'],
    k3s: (
      <>
        put the key in the <code>finance-keys</code> Secret as <code>fmp_api_key</code> (
        <code>secrets.example.sh</code> creates it from <code>FMP_API_KEY</code>), then restart finance-svc.
      </>
    ),
  },
  places: {
    title: 'Places from Tripadvisor are not set up on this server',
    what: 'Place details, reviews and photos need a Tripadvisor Content API key.',
    variables: ['TRIPADVISOR_API_KEY'],
    k3s: (
      <>
        put the key in the <code>travel-keys</code> Secret as <code>tripadvisor_api_key</code> (
        <code>secrets.example.sh</code> creates it from <code>TRIPADVISOR_API_KEY</code>), then restart
        travel-svc.
      </>
    ),
  },
  hotels: {
    title: 'Hotel search is not set up on this server',
    what: 'Hotel prices need Amadeus Self-Service API credentials.',
    variables: ['AMADEUS_CLIENT_ID', 'AMADEUS_CLIENT_SECRET'],
    k3s: (
      <>
        put them in the <code>travel-keys</code> Secret as <code>amadeus_client_id</code> and{' '}
        <code>amadeus_client_secret</code> (<code>secrets.example.sh</code> creates them from the variables of
        the same names), then restart travel-svc.
      </>
    ),
  },
  search: {
    title: 'Web search is not set up on this server',
    what: 'This needs SearXNG to search the web: the local documents search has no news, images or videos.',
    variables: ['SEARXNG_URL'],
    k3s: (
      <>
        set <code>SEARXNG_URL</code> in the <code>perplexica-config</code> ConfigMap to the SearXNG service,
        then restart search-svc.
      </>
    ),
  },
} as const;

export type SetupKind = keyof typeof setups;

/**
 * A provider that is not configured (503 `not_configured`): not a broken page but a setting, so
 * the page says which one and where an operator puts it.
 */
export function SetupNotice({ kind, detail }: { kind: SetupKind; detail?: string }) {
  const setup = setups[kind];
  const names = setup.variables.map((name, index) => (
    <span key={name}>
      {index > 0 ? ' and ' : ''}
      <code>{name}</code>
    </span>
  ));
  return (
    <section className="notice notice--info setup-notice" aria-label={setup.title}>
      <h2 className="setup-notice__title">{setup.title}</h2>
      <p>{setup.what}</p>
      {detail ? <p className="muted">{detail}</p> : null}
      <p>Whoever runs this server turns it on like this:</p>
      <ul>
        <li>On K3s or with the Helm chart: {setup.k3s}</li>
        <li>
          On one machine: start with {names} set in the environment, e.g.{' '}
          <code>{setup.variables[0]}=… pnpm start</code>.
        </li>
      </ul>
    </section>
  );
}

/**
 * Why something could not be shown: setup instructions for `not_configured`, otherwise the
 * failure in words with a way to try again.
 */
export function FailureNotice({
  error,
  setup,
  onRetry,
}: {
  error: unknown;
  setup?: SetupKind;
  onRetry?: () => void;
}) {
  if (setup && error instanceof ApiFailure && error.code === 'not_configured') {
    return <SetupNotice kind={setup} detail={error.message} />;
  }
  return (
    <div className="notice notice--error" role="alert">
      {describeError(error)}{' '}
      {onRetry ? (
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Whether a failure is a provider that is not configured. */
export const isNotConfigured = (error: unknown) =>
  error instanceof ApiFailure && error.code === 'not_configured';
