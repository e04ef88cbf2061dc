/**
 * Slack's message markup as the words a person saw: `<@U123>` → `@Egon Spengler`,
 * `<#C123|general>` → `#general`, `<https://x|label>` → `label`, `<!here>` → `@here`, and the
 * three escaped characters back (&lt; &gt; &amp;). Used for search, grouping and the board.
 */
export function slackText(text: string, userName: (id: string) => string | null): string {
  const plain = text.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : null;
    if (target.startsWith('@')) return `@${userName(target.slice(1)) ?? label ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) {
      const special = target.slice(1).split('^')[0]!;
      if (label) return label;
      return ['here', 'channel', 'everyone'].includes(special) ? `@${special}` : special;
    }
    return label ?? target;
  });
  return unescape(plain);
}

/** User ids a text mentions (`<@U123>`, `<@W123|name>`), so their names can be looked up first. */
export function mentionedUsers(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!);
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
