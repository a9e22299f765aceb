import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { api, asToken, obj, type Auth } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const admin = () => api(sb, asToken(sb.credentials.admin));
const BYTES = Buffer.from([0, 1, 2, 254, 255, 13, 10, 45, 45]);

/** A browser-style multipart upload (fetch's own FormData encoder). */
async function upload(formId: string, name: string, type: string, who: Auth = asToken(sb.credentials.admin)) {
  const fd = new FormData();
  fd.append('File', new Blob([BYTES], { type }), name);
  const headers = who && 'token' in who ? { Authorization: `Token token=${who.token}` } : {};
  const res = await fetch(`${sb.url}/api/v1/upload_caches/${formId}`, { method: 'POST', body: fd, headers });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('upload cache and shared draft files', () => {
  it('stores a multipart file for a form, byte for byte, guessing a missing type from the name', async () => {
    const r = await upload('form-a', 'data.bin', 'application/octet-stream');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      success: true,
      data: { filename: 'data.bin', size: String(BYTES.length) },
    });
    const r2 = await upload('form-a', 'notes.txt', '');
    expect(r2.status).toBe(200);
    const files = sb.store.uploadCaches.get('form-a') ?? [];
    expect(files.map((f) => [f.filename, f.preferences['Content-Type']])).toEqual([
      ['data.bin', 'application/octet-stream'],
      ['notes.txt', 'text/plain'],
    ]);
    expect(files[0]?.data.equals(BYTES)).toBe(true);
  });

  it("refuses another user's form (UploadCachesControllerPolicy)", async () => {
    await upload('form-b', 'a.txt', 'text/plain');
    const r = await upload('form-b', 'b.txt', 'text/plain', asToken(sb.credentials.agent));
    expect(r.status).toBe(403);
    expect(sb.store.uploadCaches.get('form-b')).toHaveLength(1);
  });

  it('a draft saved with form_id copies the files; import_attachments hands them to a new form; an article with that form_id takes them and empties the cache', async () => {
    const t = [...sb.store.tickets.values()].find(
      (x) => x.state_id === 2 && !sb.store.sharedDrafts.has(x.id),
    );
    if (!t) throw new Error('fixture');
    await upload('form-c', 'log.bin', 'application/octet-stream');
    const put = await admin()('PUT', `/tickets/${t.id}/shared_draft`, {
      new_article: { body: 'draft' },
      ticket_attributes: {},
      form_id: 'form-c',
    });
    expect(put.status).toBe(200);
    const assets = obj(obj(obj(put.body)['assets'])['TicketSharedDraftZoom']);
    expect(Object.values(assets)[0]).not.toHaveProperty('attachments');
    expect(sb.store.sharedDrafts.get(t.id)?.attachments?.[0]?.data.equals(BYTES)).toBe(true);
    const imp = await admin()('POST', `/tickets/${t.id}/shared_draft/import_attachments`, {
      form_id: 'form-d',
    });
    expect(obj(imp.body)['attachments']).toMatchObject([{ filename: 'log.bin', size: String(BYTES.length) }]);
    const art = await admin()('POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'sent',
      form_id: 'form-d',
    });
    expect(art.status).toBe(201);
    const stored = sb.store.articles.get(obj(art.body)['id'] as number);
    expect(stored?.attachments[0]?.data.equals(BYTES)).toBe(true);
    expect(sb.store.uploadCaches.has('form-d')).toBe(false);
  });

  it("answers Zammad's 422s for incomplete attachment params", async () => {
    const t = [...sb.store.tickets.values()].find((x) => x.state_id === 2);
    const post = (a: Record<string, unknown>) =>
      admin()('POST', '/ticket_articles', { ticket_id: t?.id, body: 'x', attachments: [a] });
    const noType = await post({ filename: 'a.txt', data: 'dGVzdA==' });
    expect(noType.status).toBe(422);
    expect(obj(noType.body)['error']).toBe(
      "Attachment needs 'mime-type' param for attachment with index '0'",
    );
    const bad = await post({ filename: 'a.txt', data: 'dGVzdA', 'mime-type': 'text/plain' });
    expect(obj(bad.body)['error']).toBe("Invalid base64 for attachment with index '0'");
    const lines = await post({ filename: 'a.txt', data: 'dGVz\r\ndA==', 'mime-type': 'text/plain' });
    expect(lines.status).toBe(201);
  });
});
