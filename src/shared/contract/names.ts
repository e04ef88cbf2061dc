/**
 * The call names alone, without their schemas, for the preload script: it exposes exactly these
 * and nothing else, and stays small. A unit test keeps this list equal to the contract's keys.
 */
export const callNames = [
  'health',
  'wallboard.snapshot',
  'incidents.get',
  'incidents.list',
  'channels.list',
  'accounts.list',
  'policies.list',
  'channels.pause',
  'channels.resume',
  'channels.syncNow',
  'incidents.acknowledge',
  'incidents.assign',
  'incidents.setSeverity',
  'incidents.transition',
  'incidents.merge',
  'incidents.postUpdate',
  'reports.log',
] as const;

export const ipcChannels = {
  call: 'watchfloor:call',
  event: 'watchfloor:event',
} as const;
