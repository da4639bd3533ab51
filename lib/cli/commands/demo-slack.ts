/**
 * A Chatbot custom notification as a terminal shows it: title, description, next steps and keywords, roughly as the
 * Slack card lays them out (bold markers and zero-width spaces kept as they are: this is what the channel receives).
 */

interface Notification {
  content?: { title?: string; description?: string; nextSteps?: string[]; keywords?: string[] };
  metadata?: { threadId?: string };
}

/** Renders the message body (JSON text) as plain text, indented. */
export function slackText(message: string): string {
  let body: Notification;
  try {
    body = JSON.parse(message) as Notification;
  } catch {
    return `  (not JSON) ${message.slice(0, 200)}\n`;
  }
  const c = body.content ?? {};
  const lines = [`*${c.title ?? '(no title)'}*`, '', ...(c.description ?? '').split('\n')];
  if (c.nextSteps && c.nextSteps.length > 0) lines.push('', 'Next steps:', ...c.nextSteps.map((s) => `  - ${s}`));
  if (c.keywords && c.keywords.length > 0) lines.push('', `Keywords: ${c.keywords.join(', ')}`);
  if (body.metadata?.threadId) lines.push(`Thread: ${body.metadata.threadId}`);
  return `${lines.map((l) => `  | ${l}`.trimEnd()).join('\n')}\n`;
}
