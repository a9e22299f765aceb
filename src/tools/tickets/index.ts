/** The ticket tools, grouped as the registry lists them. */
import { getTicketArticle, listTicketArticles } from './articles.js';
import { downloadAttachment } from './attachments.js';
import { getTicketHistory, getTicketLinks, getTicketTags } from './context.js';
import { createTicket } from './create.js';
import { applyMacro } from './macro.js';
import { deleteTicket, mergeTickets } from './merge-delete.js';
import { addInternalNote, addTimeAccounting, saveDraftReply } from './notes.js';
import { getTicket } from './read.js';
import { getRelatedTickets } from './related.js';
import { replyToCustomer } from './reply.js';
import { searchTickets } from './search.js';
import { getArticleSource } from './source.js';
import { addTicketTag, linkTickets, removeTicketTag, unlinkTickets } from './tags-links.js';
import { listTimeAccounting } from './time.js';
import { updateTicket } from './update.js';

export const ticketReadTools = [
  searchTickets,
  getTicket,
  listTicketArticles,
  getTicketArticle,
  downloadAttachment,
  getTicketHistory,
  getTicketLinks,
  getTicketTags,
  getRelatedTickets,
  getArticleSource,
  listTimeAccounting,
];

export const ticketWriteTools = [
  createTicket,
  updateTicket,
  addInternalNote,
  saveDraftReply,
  addTimeAccounting,
  addTicketTag,
  removeTicketTag,
  linkTickets,
  unlinkTickets,
];

/** External (reply, macro) then destructive (merge, delete). */
export const ticketGatedTools = [replyToCustomer, applyMacro, mergeTickets, deleteTicket];
