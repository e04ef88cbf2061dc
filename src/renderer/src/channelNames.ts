/** Channel kinds as the commander's views name them. */
export const channelLabel: Record<string, string> = {
  email: 'Email',
  slack: 'Slack',
  chat: 'Chat',
  webhook: 'Webhook',
  helpdesk: 'Helpdesk',
  manual: 'Logged',
  demo: 'Demo',
  file: 'File',
};
