import type { IReceipt } from '@a2seven/yoo-checkout';
import type { BillingConfig } from '../config.ts';
import { rub } from '../money.ts';

/**
 * The 54-FZ receipt YooKassa registers with the tax service for a payment: one line, the plan,
 * paid in full for a service. Sent only with YOOKASSA_RECEIPTS=true (the shop must have receipts
 * enabled in YooKassa, otherwise YooKassa refuses payments that carry one).
 */
export function receiptFor(
  config: BillingConfig,
  payment: { description: string; amountKopecks: number; email: string | null },
): IReceipt | undefined {
  if (!config.YOOKASSA_RECEIPTS || !payment.email) return undefined;
  return {
    customer: { email: payment.email },
    items: [
      {
        description: payment.description.slice(0, 128),
        quantity: '1.00',
        amount: rub(payment.amountKopecks),
        vat_code: config.YOOKASSA_VAT_CODE,
        payment_subject: 'service',
        payment_mode: 'full_payment',
      },
    ],
    ...(config.YOOKASSA_TAX_SYSTEM_CODE ? { tax_system_code: config.YOOKASSA_TAX_SYSTEM_CODE } : {}),
  };
}
