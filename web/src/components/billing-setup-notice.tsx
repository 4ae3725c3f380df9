/**
 * Payments without YooKassa's keys (billing-svc's 503 `not_configured`): not a broken page but a
 * setting, so the page says which one and where an operator puts it. Everything else on the page
 * (plan, allowance, credits, history) works without it.
 */
export function BillingSetupNotice() {
  const title = 'Payments are not set up on this server';
  return (
    <section className="notice notice--info billing-setup" aria-label={title}>
      <h2 className="billing-setup__title">{title}</h2>
      <p>
        Buying Pro or credits goes through YooKassa, and this server has no YooKassa shop configured yet, so
        nothing can be bought here for now. Your plan, today’s allowance, your credits and their history work
        as usual.
      </p>
      <p>Whoever runs this server turns payments on with the shop’s id and secret key from YooKassa:</p>
      <ul>
        <li>
          On K3s or with the Helm chart: put them in the <code>yookassa-credentials</code> Secret as{' '}
          <code>shop_id</code> and <code>secret_key</code> (<code>secrets.example.sh</code> creates them from{' '}
          <code>YOOKASSA_SHOP_ID</code> and <code>YOOKASSA_SECRET_KEY</code>), then restart billing-svc.
        </li>
        <li>
          On one machine: start with <code>YOOKASSA_SHOP_ID</code> and <code>YOOKASSA_SECRET_KEY</code> set in
          the environment, e.g. <code>YOOKASSA_SHOP_ID=… YOOKASSA_SECRET_KEY=… pnpm start</code>.
        </li>
      </ul>
    </section>
  );
}
