/** Knowledge base answers, text modules and macros of the seed. */
import type { SandboxStore } from './store.js';
import type { JsonObject } from './types.js';
import { INSTALLED_AT } from './seed-fixed.js';

const CATEGORIES: Array<[string, string]> = [
  ['Getting started', 'f115'],
  ['Accounts & login', 'f023'],
  ['Billing & plans', 'f09d'],
  ['Integrations & API', 'f1e6'],
];

type AnswerSeed = [
  category: number,
  title: string,
  body: string,
  state: 'published' | 'internal' | 'archived' | 'draft',
  tags: string[],
];

const ANSWERS: AnswerSeed[] = [
  [
    1,
    'Welcome to Helpdesk Cloud',
    '<p>This guide walks you through the first steps: inviting your team, connecting your support address and creating your first ticket.</p><ol><li>Invite agents under <b>Settings → Team</b>.</li><li>Connect your support email address.</li><li>Send a test email and watch it arrive as a ticket.</li></ol>',
    'published',
    ['onboarding'],
  ],
  [
    1,
    'Keyboard shortcuts',
    '<p>Press <code>?</code> anywhere to see all shortcuts. The most useful ones:</p><ul><li><code>g</code> then <code>t</code>: go to tickets</li><li><code>r</code>: reply</li><li><code>n</code>: internal note</li></ul>',
    'published',
    ['productivity'],
  ],
  [
    1,
    'Working hours and response times',
    '<p>Our support team is available Monday to Friday, 08:00–18:00 CET. Urgent incidents for Enterprise customers are handled 24/7.</p>',
    'published',
    ['sla'],
  ],
  [
    2,
    'Resetting your password',
    '<p>Use <b>Forgot password?</b> on the login page. The reset email comes from <code>no-reply@helpdesk.example</code> and the link is valid for 2 hours.</p><p>If no email arrives, check your spam folder and ask your IT team to allow our sender address.</p>',
    'published',
    ['login', 'password'],
  ],
  [
    2,
    'Setting up two-factor authentication',
    '<p>Go to <b>Profile → Security</b> and choose an authenticator app. Store the recovery codes in a safe place: support cannot disable 2FA without identity verification.</p>',
    'published',
    ['mfa', 'security'],
  ],
  [
    2,
    'Unlocking a locked account (agents only)',
    "<p>Accounts lock after five failed logins. In the admin panel open the user, then <b>Actions → Unlock</b>. Always verify the caller's identity first (callback to the number on file).</p>",
    'internal',
    ['login', 'internal'],
  ],
  [
    2,
    'Configuring SAML single sign-on',
    '<p>Upload your IdP metadata under <b>Settings → Security → SSO</b>. After a certificate rotation, upload the new certificate <em>before</em> the old one expires; both can be active at the same time.</p>',
    'published',
    ['sso', 'saml'],
  ],
  [
    3,
    'Understanding your invoice',
    '<p>Invoices are issued on the first day of each billing period. Seat changes during the period are pro-rated and appear on the next invoice as separate lines.</p>',
    'published',
    ['invoice'],
  ],
  [
    3,
    'Updating payment details',
    '<p>Admins can update the credit card or switch to invoice payment under <b>Billing → Payment methods</b>. Access stays active for 14 days after a failed payment.</p>',
    'published',
    ['payment'],
  ],
  [
    3,
    'Refund policy (internal guidance)',
    '<p>Duplicate charges: refund immediately. Partial refunds for unused seats: <b>not</b> mid-term; offer a seat reduction at renewal. Anything above 500 EUR needs approval from Finance.</p>',
    'internal',
    ['refund', 'internal'],
  ],
  [
    3,
    'Education and non-profit discounts',
    '<p>Schools and registered non-profits get 40% off list price. Send proof of status to billing@helpdesk.example.</p>',
    'published',
    ['discount'],
  ],
  [
    4,
    'Using the REST API',
    '<p>Create a personal access token under <b>Profile → Token Access</b> and send it as <code>Authorization: Token token=…</code>. Rate limits do not apply to normal API use.</p>',
    'published',
    ['api'],
  ],
  [
    4,
    'Webhook delivery and retries',
    '<p>Webhooks are retried with exponential back-off for up to 24 hours. Respond with any 2xx status within 10 seconds to acknowledge a delivery.</p>',
    'published',
    ['webhook'],
  ],
  [
    4,
    'Sync Connector troubleshooting',
    '<p>If imports stop early, update the connector to 3.4.2 or later and check the log for <code>pagination</code> warnings.</p>',
    'internal',
    ['sync'],
  ],
  [
    4,
    'Legacy XML export (deprecated)',
    '<p>The XML export was replaced by the CSV and JSON exports in 2024 and will be removed.</p>',
    'archived',
    ['export'],
  ],
];

/** System locales (a few of Zammad's), and the two the knowledge base is written in. */
const SYSTEM_LOCALES: Array<[string, string]> = [
  ['en-us', 'English (United States)'],
  ['de-de', 'Deutsch'],
  ['fr-fr', 'Français'],
];

export function seedKnowledge(store: SandboxStore): void {
  SYSTEM_LOCALES.forEach(([locale, name], i) =>
    store.systemLocales.set(i + 1, { id: i + 1, locale, name, active: true }),
  );
  store.kbLocales.set(1, { id: 1, knowledge_base_id: 1, system_locale_id: 1, primary: true });
  store.kbLocales.set(2, { id: 2, knowledge_base_id: 1, system_locale_id: 2, primary: false });
  CATEGORIES.forEach(([title, icon], i) => {
    store.kbCategories.set(i + 1, {
      id: i + 1,
      knowledge_base_id: 1,
      parent_id: null,
      category_icon: icon,
      position: i,
      title,
      ...(i === 0 ? { titles: { 2: 'Erste Schritte' } } : {}),
      created_at: INSTALLED_AT,
      updated_at: INSTALLED_AT,
    });
  });
  const base = Date.parse(INSTALLED_AT);
  ANSWERS.forEach(([category, title, body, state, tags], i) => {
    const id = store.nextId('kbAnswer');
    const at = new Date(base + (i + 1) * 86_400_000 * 3).toISOString();
    store.kbAnswers.set(id, {
      id,
      category_id: category,
      promoted: i === 0,
      internal_note: null,
      position: i,
      archived_at: state === 'archived' ? at : null,
      internal_at: state === 'internal' || state === 'published' ? at : null,
      published_at: state === 'published' ? at : null,
      title,
      body,
      tags,
      created_by_id: 2,
      updated_by_id: 2,
      created_at: at,
      updated_at: at,
    });
  });

  const modules: Array<[string, string, string]> = [
    [
      'Greeting',
      'hello hi greeting',
      '<p>Hello #{ticket.customer.firstname},</p><p>thank you for contacting us.</p>',
    ],
    [
      'Closing',
      'bye regards closing',
      '<p>Best regards,<br>#{user.firstname} #{user.lastname}<br>Customer Service</p>',
    ],
    [
      'Password reset',
      'password reset login',
      '<p>I have triggered a password reset for your account. The email comes from no-reply@helpdesk.example and the link is valid for 2 hours.</p>',
    ],
    [
      'Need more information',
      'info details logs',
      '<p>To look into this further, could you please send us a screenshot of the error and the time it happened (with time zone)?</p>',
    ],
    [
      'Refund confirmed',
      'refund money back',
      '<p>We have refunded the duplicate payment. Depending on your bank it can take 5–7 business days to appear on your statement.</p>',
    ],
    [
      'Invoice copy',
      'invoice copy pdf',
      '<p>Please find a copy of the requested invoice attached. You can also download all invoices under Billing → Invoices.</p>',
    ],
    [
      'Escalated to engineering',
      'escalate engineering bug',
      '<p>I have forwarded this to our engineering team. We will update you as soon as we know more, at the latest within one business day.</p>',
    ],
    [
      'Known outage',
      'outage incident status',
      '<p>We are currently experiencing an incident affecting some customers. Live updates: status.helpdesk.example</p>',
    ],
    [
      'Closing - no response',
      'close no response',
      '<p>As we have not heard back from you, we are closing this ticket. Simply reply to reopen it.</p>',
    ],
    [
      'Demo follow-up',
      'demo sales follow',
      '<p>Thank you for taking the time for the demo today. As promised, here is the recording and our pricing overview.</p>',
    ],
  ];
  modules.forEach(([name, keywords, content]) => {
    const id = store.nextId('textModule');
    store.textModules.set(id, {
      id,
      name,
      keywords,
      content,
      note: '',
      active: true,
      foreign_id: null,
      group_ids: [],
      user_id: null,
      updated_by_id: 2,
      created_by_id: 2,
      created_at: INSTALLED_AT,
      updated_at: INSTALLED_AT,
    });
  });

  const macro = (name: string, perform: JsonObject, note: string, groupIds: number[] = [], next = 'none') => {
    const id = store.nextId('macro');
    store.macros.set(id, {
      id,
      name,
      perform,
      active: true,
      ux_flow_next_up: next,
      note,
      group_ids: groupIds,
      updated_by_id: 2,
      created_by_id: 2,
      created_at: INSTALLED_AT,
      updated_at: INSTALLED_AT,
    });
  };
  macro(
    'Close & Tag as Spam',
    {
      'ticket.state_id': { value: '4' },
      'ticket.tags': { operator: 'add', value: 'spam' },
      'ticket.owner_id': { pre_condition: 'current_user.id', value: '' },
    },
    'Closes the ticket, tags it as spam and assigns it to you.',
    [],
    'next_task',
  );
  macro(
    'Escalate to 2nd Level',
    {
      'ticket.group_id': { value: '5' },
      'ticket.priority_id': { value: '3' },
      'ticket.tags': { operator: 'add', value: 'escalated' },
    },
    'Moves the ticket to Support › 2nd Level with high priority.',
    [3, 4, 5],
  );
  macro(
    'Pending reminder in 3 days',
    {
      'ticket.state_id': { value: '3' },
      'ticket.pending_time': { operator: 'relative', value: '3', range: 'day' },
      'article.note': {
        subject: 'Waiting for customer',
        body: 'Waiting for the customer to reply; reminder in 3 days.',
        internal: 'true',
      },
    },
    'Adds an internal note and sets a pending reminder.',
  );
  macro(
    'Send acknowledgement',
    {
      'ticket.state_id': { value: '2' },
      'notification.email': {
        recipient: ['ticket_customer'],
        subject: 'We received your request (##{ticket.number})',
        body: 'Thank you for your message. We are looking into it and will get back to you shortly.',
        internal: 'false',
      },
    },
    'Emails the customer a confirmation (customer-visible!).',
  );
}
