/** Realistic people and companies for the seed. All domains use the reserved `.example` TLD. */

export const HELPDESK_DOMAIN = 'helpdesk.example';
export const SUPPORT_ADDRESS = `support@${HELPDESK_DOMAIN}`;

export type AgentSeed = {
  firstname: string;
  lastname: string;
  /** Group name → access list. */
  groups: Record<string, Array<'full' | 'read' | 'create' | 'change'>>;
  admin?: boolean;
  phone: string;
  department: string;
};

/** The first agent is the admin-agent, the second the group-limited `agent` credential. */
export const AGENTS: AgentSeed[] = [
  {
    firstname: 'Emma',
    lastname: 'Wright',
    admin: true,
    groups: {},
    phone: '+49 30 5557 2100',
    department: 'Customer Service',
  },
  {
    firstname: 'Lukas',
    lastname: 'Becker',
    groups: { Sales: ['full'], Billing: ['read'] },
    phone: '+49 30 5557 2101',
    department: 'Sales',
  },
  {
    firstname: 'Priya',
    lastname: 'Natarajan',
    groups: { Support: ['full'], 'Support › 1st Level': ['full'], Users: ['full'] },
    phone: '+49 30 5557 2102',
    department: 'Support',
  },
  {
    firstname: 'Tomás',
    lastname: 'Álvarez',
    groups: { 'Support › 1st Level': ['full'], Users: ['full'] },
    phone: '+49 30 5557 2103',
    department: 'Support',
  },
  {
    firstname: 'Hannah',
    lastname: 'Okafor',
    groups: { Support: ['full'], 'Support › 2nd Level': ['full'] },
    phone: '+49 30 5557 2104',
    department: 'Engineering',
  },
  {
    firstname: 'Mei',
    lastname: 'Chen',
    groups: { Billing: ['full'], Sales: ['read', 'create'] },
    phone: '+49 30 5557 2105',
    department: 'Finance',
  },
  {
    firstname: 'Jonas',
    lastname: 'Weber',
    groups: { 'Support › 2nd Level': ['full'], Billing: ['change', 'read'] },
    phone: '+49 30 5557 2106',
    department: 'Engineering',
  },
];

export type OrgSeed = {
  name: string;
  domain: string;
  shared: boolean;
  vip: boolean;
  note: string;
  city: string;
  country: string;
};

export const ORGANIZATIONS: OrgSeed[] = [
  {
    name: 'Northwind Traders',
    domain: 'northwind-traders.example',
    shared: true,
    vip: true,
    note: 'Enterprise plan, 250 seats. Renewal in March.',
    city: 'Hamburg',
    country: 'Germany',
  },
  {
    name: 'Brightwave Energy',
    domain: 'brightwave-energy.example',
    shared: true,
    vip: false,
    note: 'Professional plan. Prefers phone contact.',
    city: 'Rotterdam',
    country: 'Netherlands',
  },
  {
    name: 'Alpenblick Hotels',
    domain: 'alpenblick-hotels.example',
    shared: false,
    vip: false,
    note: 'Seasonal business; peak load December–March.',
    city: 'Innsbruck',
    country: 'Austria',
  },
  {
    name: 'Kestrel Logistics',
    domain: 'kestrel-logistics.example',
    shared: true,
    vip: false,
    note: 'Uses the API heavily (orders, webhooks).',
    city: 'Leeds',
    country: 'United Kingdom',
  },
  {
    name: 'Meridian Health Partners',
    domain: 'meridian-health.example',
    shared: true,
    vip: true,
    note: 'Healthcare: handle personal data with care (DPA signed).',
    city: 'Boston',
    country: 'United States',
  },
  {
    name: 'Oakridge School District',
    domain: 'oakridge-schools.example',
    shared: false,
    vip: false,
    note: 'Education discount applied.',
    city: 'Portland',
    country: 'United States',
  },
  {
    name: 'Lumen Design Studio',
    domain: 'lumen-design.example',
    shared: true,
    vip: false,
    note: 'Small team, Starter plan.',
    city: 'Lyon',
    country: 'France',
  },
  {
    name: 'Harbor & Finch Legal',
    domain: 'harborfinch-legal.example',
    shared: true,
    vip: false,
    note: 'Requires invoices with purchase order numbers.',
    city: 'Dublin',
    country: 'Ireland',
  },
];

/** Customers: [firstname, lastname, org index or -1 for none, department]. */
export const CUSTOMERS: Array<[string, string, number, string | null]> = [
  ['Sarah', 'Kim', 0, 'Operations'],
  ['Daniel', 'Hoffmann', 0, 'IT'],
  ['Aisha', 'Rahman', 0, 'Finance'],
  ['Marco', 'Rossi', 0, 'Procurement'],
  ['Julia', 'Novak', 0, null],
  ['Pieter', 'de Vries', 1, 'IT'],
  ['Fatima', 'El Amrani', 1, 'Customer Care'],
  ['Ruben', 'Janssen', 1, null],
  ['Sanne', 'Bakker', 1, 'Finance'],
  ['Katharina', 'Gruber', 2, 'Front Office'],
  ['Florian', 'Eder', 2, 'IT'],
  ['Leonie', 'Mayr', 2, null],
  ['Oliver', 'Bennett', 3, 'Dispatch'],
  ['Chloe', 'Walker', 3, 'Engineering'],
  ['Harry', 'Patel', 3, 'Finance'],
  ['Grace', 'Thompson', 3, null],
  ['Michael', "O'Connor", 4, 'Clinical Systems'],
  ['Linda', 'Nguyen', 4, 'Administration'],
  ['James', 'Carter', 4, 'IT Security'],
  ['Rosa', 'Delgado', 4, null],
  ['Ethan', 'Brooks', 5, 'IT'],
  ['Megan', 'Foster', 5, 'Administration'],
  ['Tyler', 'Reed', 5, null],
  ['Camille', 'Laurent', 6, 'Design'],
  ['Hugo', 'Moreau', 6, null],
  ['Inès', 'Girard', 6, 'Studio Management'],
  ['Niamh', 'Byrne', 7, 'Accounts'],
  ['Cian', 'Murphy', 7, 'IT'],
  ['Aoife', 'Kelly', 7, null],
  ['Samuel', 'Okonkwo', -1, null],
  ['Yuki', 'Tanaka', -1, null],
  ['Lena', 'Fischer', -1, null],
  ['Carlos', 'Mendes', -1, null],
  ['Olga', 'Petrova', -1, null],
  ['Ahmed', 'Hassan', -1, null],
  ['Emily', 'Clarke', -1, null],
  ['Noah', 'Schneider', 1, 'Operations'],
  ['Zoe', 'Campbell', 3, 'Customer Care'],
  ['Lucas', 'Martin', 6, null],
  ['Isabel', 'Santos', 4, 'Billing'],
];

export const CITIES_NO_ORG = [
  'Berlin',
  'Vienna',
  'Lisbon',
  'Warsaw',
  'Cairo',
  'Manchester',
  'Osaka',
  'Munich',
  'Zurich',
  'Madrid',
];

export function emailFor(firstname: string, lastname: string, domain: string): string {
  const clean = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z]+/g, '');
  return `${clean(firstname)}.${clean(lastname)}@${domain}`;
}

/** Mail signatures; `org` may be empty for customers without an organization. */
export const SIGNATURES = [
  (name: string, org: string) => (org ? `Best regards,\n${name}\n${org}` : `Best regards,\n${name}`),
  (name: string, org: string) => (org ? `Kind regards\n${name} | ${org}` : `Kind regards\n${name}`),
  (name: string) => `Thanks,\n${name}`,
  (name: string, org: string) => (org ? `Cheers,\n${name}\n--\n${org}` : `Cheers,\n${name}`),
];

export const AGENT_CLOSINGS = [
  'Please let us know if there is anything else we can do for you.',
  'If the problem comes back, simply reply to this email and the ticket will be reopened.',
  'We will keep this ticket open until you confirm that everything works.',
  'Thank you for your patience while we looked into this.',
];

export const CUSTOMER_FOLLOW_UPS = [
  'Thanks for the quick reply. I tried that, but unfortunately nothing changed.',
  'Any update on this? It is starting to affect our team.',
  'That worked, thank you very much!',
  'I have attached a screenshot of the error message.',
  'Could you call me back? My number is in the signature.',
  'Sorry for the late answer, I was out of office. The issue still exists.',
  'We found a workaround for now, but a permanent fix would be appreciated.',
];

export const INTERNAL_NOTES = [
  'Checked the logs: nothing unusual on our side. Waiting for the customer to confirm.',
  'Called the customer, voicemail. Will try again tomorrow morning.',
  'Escalating to 2nd Level — this looks like the same root cause as last week.',
  'Customer is VIP, please prioritise. Account manager informed.',
  'Reproduced on staging. Bug filed as ENG-4821.',
  'Do NOT offer a refund without approval from Finance.',
  'Duplicate of an older ticket, linked it.',
];

/** Plain-text log excerpt used as a text/plain attachment. */
export const LOG_EXCERPT = [
  '2025-09-02T07:41:12Z INFO  worker[3] starting sync job id=8842',
  '2025-09-02T07:41:13Z WARN  http    upstream responded 502 Bad Gateway (attempt 1/3)',
  '2025-09-02T07:41:15Z WARN  http    upstream responded 502 Bad Gateway (attempt 2/3)',
  '2025-09-02T07:41:19Z ERROR http    giving up after 3 attempts: POST /api/orders',
  '2025-09-02T07:41:19Z INFO  worker[3] job 8842 failed, will retry in 300s',
  '',
].join('\n');

/** A real 1×1 PNG (a single teal pixel). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQ6uoCAAHwAS8MCPaNAAAAAElFTkSuQmCC',
  'base64',
);

/** A minimal, valid one-page PDF. */
export function tinyPdf(title: string): Buffer {
  const text = title.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '');
  const stream = `BT /F1 18 Tf 72 770 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
