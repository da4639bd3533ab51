/**
 * What SNS and a chat client accept of a message (pure): the SNS size limit, ASCII subjects, the bytes SNS counts,
 * and the only report links put in a message as they are.
 */
import type { OutboundMessage } from './types.js';

/** SNS: "Messages can contain up to 262,144 bytes (256 KiB)" including attributes; we keep a margin. */
export const SNS_MAX_BYTES = 262_144;

/**
 * The https link people can click: the report-link URL, or the S3 console page of the report object. It is put in the
 * message as it is (neutralising would break `&` in its query), so only a plain URL is accepted: printable ASCII with
 * none of the characters Slack markup or a code span could use (`<`, `>`, `|`, backtick, quotes, spaces).
 */
export function safeLink(location: string | undefined): string | undefined {
  return location &&
    /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[\x21-\x7e]*)?$/.test(location) &&
    !/[<>|`'"\\@]/.test(location) &&
    location.length <= 2048
    ? location
    : undefined;
}

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
export function asciiSubject(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/ {2,}/g, ' ')
    .slice(0, 100);
}

/** Bytes SNS counts for a message: the body, the subject and each attribute's name, type and value. */
export function messageBytes(m: OutboundMessage): number {
  const attrs = Object.entries(m.attributes).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + 'String'.length + Buffer.byteLength(v),
    0,
  );
  return Buffer.byteLength(m.message) + Buffer.byteLength(m.subject) + attrs;
}
