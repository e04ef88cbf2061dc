import { z } from 'zod';

/**
 * What Watchfloor reads of Slack's JSON (the Web API's answers and an export's files alike).
 * Loose objects: Slack adds fields freely, and the raw payload keeps all of them anyway.
 */
export const SlackTs = z.string().regex(/^\d{1,12}\.\d{1,9}$/, 'not a Slack timestamp (like "1512085950.000216")');

const Edited = z.looseObject({ user: z.string().optional(), ts: SlackTs });
const Attachment = z.looseObject({
  fallback: z.string().optional(),
  pretext: z.string().optional(),
  title: z.string().optional(),
  text: z.string().optional(),
});
const SlackFile = z.looseObject({
  name: z.string().nullish(),
  title: z.string().nullish(),
  mimetype: z.string().nullish(),
  size: z.number().int().nonnegative().nullish(),
});

const MessageFields = {
  type: z.string().optional(),
  subtype: z.string().optional(),
  ts: SlackTs,
  user: z.string().optional(),
  bot_id: z.string().nullish(),
  username: z.string().optional(),
  bot_profile: z.looseObject({ name: z.string().optional() }).optional(),
  text: z.string().optional(),
  thread_ts: SlackTs.optional(),
  reply_count: z.number().int().nonnegative().optional(),
  latest_reply: SlackTs.optional(),
  edited: Edited.optional(),
  attachments: z.array(Attachment).optional(),
  files: z.array(SlackFile).optional(),
  file: SlackFile.optional(),
  comment: z.looseObject({ user: z.string().optional(), comment: z.string().optional() }).optional(),
  hidden: z.boolean().optional(),
};

/** A message as it stands (history, replies, an export's day file, chat.postMessage's echo). */
export const SlackMessage = z.looseObject(MessageFields);
export type SlackMessage = z.infer<typeof SlackMessage>;

/** An item of a history or an export: a message, or an event about one (message_changed / message_deleted). */
export const SlackItem = z.looseObject({
  ...MessageFields,
  message: SlackMessage.optional(),
  previous_message: SlackMessage.optional(),
  deleted_ts: SlackTs.optional(),
});
export type SlackItem = z.infer<typeof SlackItem>;

const Page = z.looseObject({
  ok: z.literal(true),
  messages: z.array(z.unknown()),
  has_more: z.boolean().optional(),
  response_metadata: z.looseObject({ next_cursor: z.string().nullish() }).nullish(),
});
/** conversations.history and conversations.replies: messages newest first (history) or oldest first (replies). */
export const HistoryPage = Page;
export type HistoryPage = z.infer<typeof Page>;

export const SlackUser = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  team_id: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  is_restricted: z.boolean().optional(),
  is_ultra_restricted: z.boolean().optional(),
  profile: z
    .looseObject({
      email: z.string().optional(),
      real_name: z.string().optional(),
      display_name: z.string().optional(),
      team: z.string().optional(),
    })
    .optional(),
});
export type SlackUser = z.infer<typeof SlackUser>;
export const UsersInfo = z.looseObject({ ok: z.literal(true), user: SlackUser });

export const ConversationsInfo = z.looseObject({
  ok: z.literal(true),
  channel: z.looseObject({
    id: z.string(),
    name: z.string().optional(),
    is_ext_shared: z.boolean().optional(),
    /** Teams a Slack Connect channel is shared with, where Slack tells them. */
    shared_team_ids: z.array(z.string()).optional(),
    connected_team_ids: z.array(z.string()).optional(),
  }),
});
export type ConversationsInfo = z.infer<typeof ConversationsInfo>;

export const TeamInfo = z.looseObject({
  ok: z.literal(true),
  team: z.looseObject({ id: z.string(), name: z.string().optional(), email_domain: z.string().optional() }),
});

export const AuthTest = z.looseObject({
  ok: z.literal(true),
  team: z.string().optional(),
  team_id: z.string().optional(),
  user: z.string().optional(),
  user_id: z.string().optional(),
  bot_id: z.string().optional(),
});
export type AuthTest = z.infer<typeof AuthTest>;

export const PostMessage = z.looseObject({ ok: z.literal(true), channel: z.string(), ts: SlackTs, message: z.unknown() });
