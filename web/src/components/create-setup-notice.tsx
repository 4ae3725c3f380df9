/** What an operator sets to turn on the parts of Create that need a provider (create-svc's 503). */
const setups = {
  model: {
    title: 'Tables from a description are not set up on this server',
    what: 'Building a table from words needs a language model; this server answers without one. Tables from data you give (CSV or JSON) work without it.',
    k3s: (
      <>
        set <code>LLM_PROVIDER</code> to <code>openai</code> (with the key in the <code>llm-credentials</code>{' '}
        Secret as <code>openai_api_key</code>, which <code>secrets.example.sh</code> creates from{' '}
        <code>OPENAI_API_KEY</code>) or to <code>ollama</code> (with <code>OLLAMA_URL</code>) in the{' '}
        <code>perplexica-config</code> ConfigMap, then restart create-svc.
      </>
    ),
    local: (
      <>
        start with <code>LLM_PROVIDER=openai OPENAI_API_KEY=… pnpm start</code>, or{' '}
        <code>LLM_PROVIDER=ollama OLLAMA_URL=… pnpm start</code>.
      </>
    ),
  },
  image: {
    title: 'Images are not set up on this server',
    what: 'Drawing images needs an OpenAI API key (the images API).',
    k3s: (
      <>
        put the key in the <code>llm-credentials</code> Secret as <code>openai_api_key</code> (
        <code>secrets.example.sh</code> creates it from <code>OPENAI_API_KEY</code>), then restart create-svc.
      </>
    ),
    local: (
      <>
        start with <code>OPENAI_API_KEY</code> set in the environment, e.g.{' '}
        <code>OPENAI_API_KEY=… pnpm start</code>.
      </>
    ),
  },
} as const;

export type CreateSetupKind = keyof typeof setups;

/** A Create feature whose provider is not configured: which setting turns it on, and where. */
export function CreateSetupNotice({ kind, detail }: { kind: CreateSetupKind; detail?: string }) {
  const setup = setups[kind];
  return (
    <section className="notice notice--info setup-notice" aria-label={setup.title} role="status">
      <h2 className="setup-notice__title">{setup.title}</h2>
      <p>{setup.what}</p>
      {detail ? <p className="muted">{detail}</p> : null}
      <p>Whoever runs this server turns it on like this:</p>
      <ul>
        <li>On K3s or with the Helm chart: {setup.k3s}</li>
        <li>On one machine: {setup.local}</li>
      </ul>
    </section>
  );
}
