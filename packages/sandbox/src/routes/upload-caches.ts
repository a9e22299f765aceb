/**
 * The upload cache (upload_caches_controller.rb): files uploaded for a form id before the form is
 * saved. A shared draft or an article created with that `form_id` takes them over.
 */
import { masked, notAuthorized, unprocessable } from '../errors.js';
import { json, me, toI, type Ctx, type Reply } from '../http.js';
import type { FormFile } from '../multipart.js';
import type { Route } from '../server.js';
import type { SandboxStore } from '../store.js';
import type { StoredFileRecord } from '../types.js';

const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  json: 'application/json',
  zip: 'application/zip',
};

/** Files of a form that another user started are not yours (UploadCachesControllerPolicy). */
function own(ctx: Ctx): StoredFileRecord[] {
  const p = me(ctx);
  const files = ctx.store.uploadCaches.get(ctx.params['id'] ?? '') ?? [];
  if (files.length > 0 && files[0]?.created_by_id !== p.user.id) throw notAuthorized();
  return files;
}

/** Stores a file for a form, as UploadCache#add does. */
export function addToCache(
  store: SandboxStore,
  formId: string,
  file: { filename: string; data: Buffer; preferences: StoredFileRecord['preferences'] },
  userId: number,
): StoredFileRecord {
  const rec: StoredFileRecord = {
    id: store.nextId('attachment'),
    store_file_id: store.nextId('storeFile'),
    filename: file.filename,
    size: String(file.data.length),
    preferences: file.preferences,
    data: file.data,
    created_by_id: userId,
  };
  store.uploadCaches.set(formId, [...(store.uploadCaches.get(formId) ?? []), rec]);
  return rec;
}

function upload(ctx: Ctx): Reply {
  const p = me(ctx);
  own(ctx);
  const file = (ctx.body as Record<string, unknown> | undefined)?.['File'] as FormFile | undefined;
  // Zammad reads params[:File].content_type: no file part is an unhandled NoMethodError.
  if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.data))
    throw masked(500, "undefined method 'content_type' for nil");
  let type = file.contentType;
  if (!type || type === 'application/octet-stream')
    type = BY_EXTENSION[file.filename.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  const rec = addToCache(
    ctx.store,
    ctx.params['id'] ?? '',
    { filename: file.filename, data: file.data, preferences: { 'Content-Type': type } },
    p.user.id,
  );
  return json({ success: true, data: { id: rec.id, filename: rec.filename, size: rec.size } });
}

function destroy(ctx: Ctx): Reply {
  own(ctx);
  ctx.store.uploadCaches.delete(ctx.params['id'] ?? '');
  return json({ success: true });
}

function removeItem(ctx: Ctx): Reply {
  const files = own(ctx);
  const id = toI(ctx.params['store_id']);
  if (!files.some((f) => f.id === id))
    throw unprocessable(`Attempt to delete Store item ${id} that is not bound to UploadCache object`);
  ctx.store.uploadCaches.set(
    ctx.params['id'] ?? '',
    files.filter((f) => f.id !== id),
  );
  return json({ success: true });
}

export const uploadCacheRoutes: Route[] = [
  { method: 'POST', path: '/upload_caches/:id', handler: upload },
  { method: 'DELETE', path: '/upload_caches/:id', handler: destroy },
  { method: 'DELETE', path: '/upload_caches/:id/items/:store_id', handler: removeItem },
];
