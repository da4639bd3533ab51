/**
 * The SNS notifier: one `Publish` per message, with the `severity` and `kind` attributes that subscription
 * filter policies match on.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { PublishError } from '../errors.js';
import type { Notifier, OutboundMessage } from './types.js';

/** Sends report messages to one topic. */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    readonly topicArn: string,
  ) {}

  async send(m: OutboundMessage): Promise<string> {
    try {
      const out = await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Message: m.message,
          Subject: m.subject || undefined,
          MessageAttributes: {
            severity: { DataType: 'String', StringValue: m.attributes.severity },
            kind: { DataType: 'String', StringValue: m.attributes.kind },
          },
        }),
      );
      return out.MessageId ?? '';
    } catch (err) {
      const e = err as Error;
      throw new PublishError(`sns publish to \`${this.topicArn}\` failed: ${e.name}: ${e.message}`, { cause: err });
    }
  }
}
