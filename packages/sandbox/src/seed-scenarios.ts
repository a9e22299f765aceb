/**
 * Ticket scenarios for the seed: what customers write about, where it is routed, how
 * agents answer. `{ref}` is replaced by an order/invoice reference, `{product}` by a product.
 */

export type Scenario = {
  group: string;
  title: string;
  tags: string[];
  /** The customer's first message (plain text; paragraphs separated by blank lines). */
  opener: string;
  /** Agent replies specific to the scenario (generic ones are mixed in). */
  replies: string[];
  /** Channel of the first article. */
  channel: 'email' | 'web' | 'phone';
  attachment?: 'log' | 'screenshot' | 'pdf';
};

export const PRODUCTS = [
  'Helpdesk Cloud',
  'Helpdesk Mobile',
  'Sync Connector',
  'Analytics Add-on',
  'Self-Hosted Edition',
];

export const SCENARIOS: Scenario[] = [
  {
    group: 'Support › 1st Level',
    title: 'Cannot log in to the customer portal',
    tags: ['login', 'portal', 'password'],
    channel: 'email',
    attachment: 'screenshot',
    opener:
      'Hello,\n\nsince this morning I cannot log in to the customer portal. The password reset email never arrives (I checked the spam folder).\n\nCould you please help? I need to download our latest invoice today.',
    replies: [
      'I have triggered a new password reset for your account. The email comes from no-reply@helpdesk.example — please allow it in your spam filter.',
      'Your account was locked after five failed attempts. I have unlocked it, you can try again now.',
    ],
  },
  {
    group: 'Support › 1st Level',
    title: 'VPN disconnects every 10 minutes',
    tags: ['vpn', 'network'],
    channel: 'phone',
    opener:
      'Customer called: VPN client drops the connection roughly every ten minutes since the update to version 5.2. Affects the whole sales team working from home.',
    replies: [
      'Please roll back to client version 5.1.4 for now; the download link is in our knowledge base article "Downgrading the VPN client".',
      'Could you send us the client log (Help → Export diagnostics)? That shows us whether the keep-alive packets are being dropped.',
    ],
  },
  {
    group: 'Support › 1st Level',
    title: "Printer on 3rd floor shows 'offline'",
    tags: ['printer', 'hardware'],
    channel: 'web',
    opener:
      'The big printer on the 3rd floor (HP LaserJet, asset tag PR-0341) shows "offline" on all laptops. Restarting it did not help.',
    replies: [
      'The printer got a new IP address from DHCP. I have reserved the old address again, it should be back online within a few minutes.',
    ],
  },
  {
    group: 'Support › 1st Level',
    title: 'Outlook keeps asking for my password',
    tags: ['email', 'outlook', 'mfa'],
    channel: 'email',
    opener:
      'Hi team,\n\nOutlook on my laptop asks for my password every few minutes, and the mobile app works fine. We enabled MFA last week, maybe that is related?\n\nThanks in advance.',
    replies: [
      'With MFA enabled, Outlook needs modern authentication. Please remove the account from the Credential Manager and add it again; you will then see the MFA prompt once.',
    ],
  },
  {
    group: 'Users',
    title: 'New employee onboarding: accounts needed',
    tags: ['onboarding', 'accounts'],
    channel: 'web',
    opener:
      'We have two new colleagues starting on Monday. Please create helpdesk accounts with the same permissions as our existing team members. Names and emails are in the attached list.',
    replies: [
      'Both accounts are created. The invitation emails went out just now; the links are valid for 48 hours.',
    ],
  },
  {
    group: 'Support › 2nd Level',
    title: 'API returns 502 on /orders since last deploy',
    tags: ['api', 'outage', 'bug'],
    channel: 'email',
    attachment: 'log',
    opener:
      'Hello support,\n\nsince your deployment yesterday evening, roughly 30% of our POST /api/orders calls fail with 502 Bad Gateway. Our integration retries three times and then gives up. I attached our worker log.\n\nThis is blocking our warehouse. Please treat it as urgent.',
    replies: [
      'We identified a misconfigured load balancer pool after the deployment. A fix has been rolled out at 09:40 UTC; error rates are back to normal on our side.',
      'Could you share one of the failing request ids (header X-Request-Id)? That lets us trace the exact upstream node.',
    ],
  },
  {
    group: 'Support › 2nd Level',
    title: 'CSV export breaks umlauts and accents',
    tags: ['export', 'bug', 'encoding'],
    channel: 'email',
    attachment: 'screenshot',
    opener:
      'Dear support,\n\nwhen we export the contact list as CSV and open it in Excel, names like "Müller" or "Gómez" show up as "MÃ¼ller" and "GÃ³mez".\n\nIs there a way to export in UTF-8 with BOM?',
    replies: [
      'You can choose the encoding in Export → Advanced → "UTF-8 with BOM". We will make it the default in the next release.',
    ],
  },
  {
    group: 'Support › 2nd Level',
    title: 'SAML SSO fails after certificate rotation',
    tags: ['sso', 'saml', 'certificate'],
    channel: 'email',
    opener:
      'Hi,\n\nwe rotated the signing certificate of our identity provider this morning. Since then every SSO login ends with "Invalid signature on SAML response".\n\nWe uploaded the new certificate in the admin panel. What else is needed?',
    replies: [
      'The new certificate is stored, but the old fingerprint is still cached. I have cleared the cache on our side; please try again.',
    ],
  },
  {
    group: 'Support',
    title: 'Webhook deliveries delayed by several hours',
    tags: ['webhook', 'performance'],
    channel: 'web',
    opener:
      'Our webhook endpoint receives the "ticket.updated" events with a delay of up to four hours. The endpoint itself responds within 200 ms.',
    replies: [
      'One of our delivery queues was backed up after a partial outage. It has been drained; new events should arrive within seconds again.',
    ],
  },
  {
    group: 'Sales',
    title: 'Quote request: 50 additional seats',
    tags: ['quote', 'upsell'],
    channel: 'email',
    attachment: 'pdf',
    opener:
      'Hello,\n\nwe would like to add 50 seats to our current subscription, starting next month. Could you send us a quote, including the pro-rated amount for the current term?\n\nOur purchase order process needs about two weeks.',
    replies: [
      'Please find the quote attached. The price is valid for 30 days; the pro-rated amount is listed separately.',
      'I have reserved the seats for you, so the price will not change while your purchase order is being processed.',
    ],
  },
  {
    group: 'Sales',
    title: 'Upgrade from Starter to Professional',
    tags: ['upgrade', 'plan'],
    channel: 'web',
    opener:
      'We are growing and need the reporting features of the Professional plan. Can we upgrade mid-term, and what happens to our current invoice?',
    replies: [
      'Yes, you can upgrade at any time. The remaining value of your Starter plan is credited against the first Professional invoice.',
    ],
  },
  {
    group: 'Sales',
    title: 'Demo request for our operations team',
    tags: ['demo', 'lead'],
    channel: 'phone',
    opener:
      'Inbound call: head of operations wants a 45-minute demo for 6 people, focus on SLAs and reporting. Prefers Tuesday or Thursday afternoon.',
    replies: ['I have sent a calendar invitation for Thursday 14:00 CET. The agenda is in the invitation.'],
  },
  {
    group: 'Sales',
    title: 'Volume discount for a three-year contract',
    tags: ['discount', 'contract'],
    channel: 'email',
    opener:
      'Good afternoon,\n\nwe are evaluating a three-year commitment for about 300 users. What discount could you offer, and is annual payment possible?\n\nRegards',
    replies: [
      'For a three-year term with annual payment we can offer 18% off the list price. I will send the draft contract for your legal team.',
    ],
  },
  {
    group: 'Billing',
    title: 'Invoice {ref} charged twice',
    tags: ['invoice', 'refund', 'duplicate-charge'],
    channel: 'email',
    attachment: 'pdf',
    opener:
      'Hello,\n\nour credit card was charged twice for invoice {ref} (same amount, same day). Please refund the duplicate payment. Bank statement attached.\n\nThank you.',
    replies: [
      'You are right, the payment was captured twice because of a timeout. The duplicate charge has been refunded; it can take 5–7 business days to appear.',
    ],
  },
  {
    group: 'Billing',
    title: 'Please update our billing address and VAT ID',
    tags: ['billing', 'vat'],
    channel: 'web',
    opener:
      'We moved offices. New billing address and VAT ID are below — please use them starting with the next invoice and, if possible, reissue invoice {ref}.',
    replies: ['The billing details are updated and invoice {ref} has been reissued with the new address.'],
  },
  {
    group: 'Billing',
    title: 'Credit card declined, renewal failed',
    tags: ['payment', 'renewal'],
    channel: 'email',
    opener:
      'Hi,\n\nwe received an email that our renewal failed because the credit card was declined. The card was replaced by our bank last week. How can we update it without losing access?',
    replies: [
      'You can update the card under Billing → Payment methods. Your access stays active for 14 days after a failed renewal, so there is no interruption.',
    ],
  },
  {
    group: 'Billing',
    title: 'Refund for unused licenses',
    tags: ['refund'],
    channel: 'email',
    opener:
      'Dear billing team,\n\nwe reduced our team and have 12 unused licenses. Is a partial refund possible for the rest of the contract period?',
    replies: [
      'Partial refunds are not possible mid-term, but we can reduce the seat count at renewal and credit the difference for the last month.',
    ],
  },
  {
    group: 'Users',
    title: 'Question about your data retention policy',
    tags: ['gdpr', 'compliance'],
    channel: 'email',
    opener:
      'Hello,\n\nfor our data protection impact assessment we need to know how long ticket data and attachments are stored after a contract ends, and where the data centres are located.',
    replies: [
      'Data is stored in Frankfurt and Amsterdam. After a contract ends, all data is deleted within 30 days; backups expire after a further 30 days. Our DPA is attached to your contract.',
    ],
  },
  {
    group: 'Users',
    title: 'Feature request: dark mode in {product}',
    tags: ['feature-request', 'mobile'],
    channel: 'web',
    opener:
      'Would love to see a dark mode in {product}. Working night shifts, the bright screen is really tiring.',
    replies: [
      'Thank you for the suggestion! I have added your vote to the existing feature request; the mobile team plans to look at theming this quarter.',
    ],
  },
  {
    group: 'Users',
    title: 'Order {ref} not delivered yet',
    tags: ['shipping', 'order'],
    channel: 'email',
    opener:
      'Hi,\n\nI ordered hardware tokens (order {ref}) two weeks ago and the tracking page still says "label created". Can you check with the carrier?',
    replies: [
      'The carrier confirmed the parcel was held at the depot because of a missing house number. It is out for delivery today.',
    ],
  },
  {
    group: 'Users',
    title: 'Damaged item received in order {ref}',
    tags: ['return', 'damaged'],
    channel: 'email',
    attachment: 'screenshot',
    opener:
      'Hello,\n\nthe docking station from order {ref} arrived with a cracked casing (photo attached). Can you send a replacement?',
    replies: [
      'Sorry about that! A replacement is on its way; you will receive a prepaid return label for the damaged unit by email.',
    ],
  },
  {
    group: 'Users',
    title: 'You have WON a free cruise!!! Claim now',
    tags: ['spam'],
    channel: 'email',
    opener:
      'CONGRATULATIONS!!! You were selected to receive a FREE luxury cruise. Click the link below and enter your credit card details to cover the port fees.',
    replies: ['Closing as spam.'],
  },
  {
    group: 'Users',
    title: 'Account deletion request (GDPR Art. 17)',
    tags: ['gdpr', 'deletion'],
    channel: 'web',
    opener:
      'Please delete my account and all personal data you hold about me, according to Art. 17 GDPR. Please confirm in writing once done.',
    replies: [
      'We have received your request. For security reasons please confirm it by replying from the email address registered on the account.',
    ],
  },
  {
    group: 'Support',
    title: 'Sync Connector stops after 1,000 records',
    tags: ['sync', 'bug', 'limit'],
    channel: 'email',
    attachment: 'log',
    opener:
      'Hi,\n\nthe Sync Connector imports exactly 1,000 records and then stops without an error. We have about 4,500 contacts in the CRM. Log attached.\n\nThanks,',
    replies: [
      'The connector uses pagination, and your CRM returns a wrong "next" link after page 10. Version 3.4.2 works around that — please update.',
    ],
  },
];
