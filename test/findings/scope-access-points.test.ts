import { describe, expect, it } from 'vitest';
import { gapCovers } from '../../lib/findings/scope.js';

const AP = 'arn:aws:s3:eu-west-1:111122223333:accesspoint/vendor-reports';
const MRAP = 'arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap';
const BUCKET = 'arn:aws:s3:::data';

describe('which findings an access point read gap hides', () => {
  it.each<[string, string, boolean]>([
    ['access-point/vendor-reports', AP, true],
    ['access-point/other', AP, false],
    ['access-point/vendor-reports', BUCKET, false],
    ['access-points', AP, true],
    ['access-points', BUCKET, false],
    ['access-points', MRAP, false],
    ['multi-region-access-point/reports-global', MRAP, true],
    ['multi-region-access-points', MRAP, true],
    ['multi-region-access-points', AP, false],
  ])('a gap on `%s` hides %s: %s', (gap, arn, hidden) => {
    // Given a failed access point read, Then only the findings through the access points it names are not-checked
    expect(gapCovers(gap, arn)).toBe(hidden);
  });
});
