import { describe, expect, it } from 'vitest';
import {
  LITERAL_STAR,
  REASONS,
  isUniversalPattern,
  matchArn,
  matchWildcard,
  parseArn,
} from '../../lib/evaluate/index.js';

describe('matchWildcard', () => {
  it.each<[pattern: string, value: string, ignoreCase: boolean, expected: boolean]>([
    ['*', '', false, true],
    ['*', 'anything/at:all', false, true],
    ['', '', false, true],
    ['', 'a', false, false],
    ['ecr:BatchGet*', 'ecr:BatchGetImage', false, true],
    ['ecr:BatchGet*', 'ecr:batchgetimage', false, false],
    ['ecr:BatchGet*', 'ecr:batchgetimage', true, true],
    ['s3:?etObject', 's3:GetObject', false, true],
    ['s3:?etObject', 's3:etObject', false, false],
    ['a*b*c', 'aXXbYYc', false, true],
    ['a*b*c', 'aXXbYYcZ', false, false],
    ['a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaab', false, true],
    ['a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaa', false, false],
    ['*.txt', 'x.txt.bak', false, false],
    ['*.txt', 'x.bak.txt', false, true],
    ['???', 'ab', false, false],
    [`a${LITERAL_STAR}b`, 'a*b', false, true],
    [`a${LITERAL_STAR}b`, 'aXb', false, false],
  ])('`%s` against `%s` (ignoreCase %s) gives %s', (pattern, value, ignoreCase, expected) => {
    // When the pattern is matched
    const r = matchWildcard(pattern, value, ignoreCase);
    // Then result and reason agree
    expect(r).toEqual({ matches: expected, reason: expected ? REASONS.wildcardMatched : REASONS.wildcardNoMatch });
  });

  it.each<[string, boolean]>([
    ['*', true],
    ['***', true],
    ['*?', false],
    ['', false],
    ['a*', false],
  ])('`%s` is universal: %s', (pattern, expected) => {
    expect(isUniversalPattern(pattern)).toBe(expected);
  });
});

describe('matchArn', () => {
  it.each<[pattern: string, arn: string, matches: boolean, reason: string]>([
    [
      'arn:aws:ecr:us-east-1:111122223333:repository/app',
      'arn:aws:ecr:us-east-1:111122223333:repository/app',
      true,
      REASONS.arnMatched,
    ],
    [
      'arn:aws:ecr:*:111122223333:repository/*',
      'arn:aws:ecr:eu-west-1:111122223333:repository/a/b',
      true,
      REASONS.arnMatched,
    ],
    [
      'arn:aws:ecr:*:111122223333:repository/*',
      'arn:aws:ecr:eu-west-1:444455556666:repository/a',
      false,
      REASONS.arnComponentMismatch,
    ],
    // a `*` stays within its component: the account `*` cannot eat `1:2` (a whole-string match would)
    [
      'arn:aws:ecr:us-east-1:*:repository/app',
      'arn:aws:ecr:us-east-1:1:2:repository/app',
      false,
      REASONS.arnComponentMismatch,
    ],
    // a pattern that is not a six-component ARN is matched against the whole value
    ['arn:aws:ecr:*:repository/app', 'arn:aws:ecr:us-east-1:111122223333:repository/app', true, REASONS.arnMatched],
    ['arn:aws:iam::*:role/pusher', 'arn:aws:iam::111122223333:role/pusher', true, REASONS.arnMatched],
    ['arn:aws:iam::111122223333:role/*', 'arn:aws:iam::111122223333:ROLE/x', false, REASONS.arnComponentMismatch],
    [
      'arn:aws:sns:us-east-1:111122223333:topic:*',
      'arn:aws:sns:us-east-1:111122223333:topic:sub-1',
      true,
      REASONS.arnMatched,
    ],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false, REASONS.arnComponentMismatch],
    ['arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket-logs', true, REASONS.arnMatched],
    ['arn:aws:s3:::bucket', 'bucket', false, REASONS.arnNotAnArn],
    ['*', 'not-an-arn', true, REASONS.arnMatched],
    ['arn:*', 'arn:aws:s3:::b', true, REASONS.arnMatched],
  ])('`%s` against `%s` gives %s', (pattern, arn, matches, reason) => {
    expect(matchArn(pattern, arn)).toEqual({ matches, reason });
  });

  it('splits an ARN into its components and keeps the colons of the resource part', () => {
    // Given an SNS subscription ARN / When it is parsed / Then the resource keeps its colons
    expect(parseArn('arn:aws:sns:us-east-1:111122223333:topic:sub')).toEqual({
      partition: 'aws',
      service: 'sns',
      region: 'us-east-1',
      account: '111122223333',
      resource: 'topic:sub',
    });
    expect(parseArn('arn:aws:s3')).toBeUndefined();
    expect(parseArn('111122223333')).toBeUndefined();
  });
});
