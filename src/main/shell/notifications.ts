import type { AlarmEvent } from '../../shared/contract/api';
import { slaMetricNoun } from '../../shared/domain/incidentEvents';

export interface NotificationPrefs {
  /** Whether the board window has focus: someone is looking at it, and the card already says so. */
  boardFocused: boolean;
  /** Everything off (a "do not disturb" the user chose). */
  muted?: boolean;
}

export interface DesktopNotification {
  title: string;
  body: string;
  urgency: 'low' | 'normal' | 'critical';
}

/**
 * Whether an SLA alarm becomes a desktop notification, and what it says. P1 and P2 notify on
 * warnings and breaches; P3 and P4 only on breaches (their warnings are on the board and the
 * timeline). With the board focused, warnings stay quiet — the card is turning amber in front of
 * the reader — but breaches still notify, since a focused wallboard may have nobody in front of it.
 */
export function notificationFor(alarm: AlarmEvent, prefs: NotificationPrefs): DesktopNotification | null {
  if (prefs.muted) return null;
  const major = alarm.severity === 'P1' || alarm.severity === 'P2';
  if (alarm.kind === 'warning' && (!major || prefs.boardFocused)) return null;
  const what = slaMetricNoun[alarm.metric];
  if (alarm.kind === 'breach') {
    return {
      title: `${alarm.publicId} ${alarm.severity}: ${what} SLA breached`,
      body: alarm.title,
      urgency: alarm.severity === 'P1' ? 'critical' : major ? 'normal' : 'low',
    };
  }
  return { title: `${alarm.publicId} ${alarm.severity}: ${what} due soon`, body: alarm.title, urgency: 'normal' };
}
