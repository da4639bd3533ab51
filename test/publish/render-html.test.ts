import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../lib/publish/build-report.js';
import { renderHtml } from '../../lib/publish/render-html.js';
import { finding } from '../findings/make.js';
import { knownDoc, NOW, REPO_POLICY, runInput } from './doc.js';

describe('HTML rendering', () => {
  it('escapes a <script> that came from a policy so it is shown, never run', () => {
    // Given a finding whose Sid, principal and condition value carry markup
    const evil = finding({
      id: 'evil',
      statements: ['<script>alert(1)</script>'],
      principal: { class: 'named-principal', value: '"><img src=x onerror=alert(2)>', account: '999999999999' },
      conditions: [
        {
          operator: 'StringLike',
          key: 'aws:userid',
          values: ["</pre><script src='https://evil.example/x.js'></script>"],
        },
      ],
    });
    const doc = buildReport({ ...runInput({ a: [evil], b: [] }), now: NOW, previous: null, suppressions: null });
    // When
    const page = renderHtml(doc);
    // Then the only script elements are the page's data block and its own script, and no tag from the policy survives
    expect(page.match(/<script/g)).toEqual(['<script', '<script']);
    expect(page).toContain('<script type="application/json" id="report-data">');
    expect(page).not.toContain('<img');
    // And the text is there, as data the page shows through textContent
    const data = JSON.parse(/<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(page)![1]) as {
      s: string[];
    };
    expect(data.s).toContain('<script>alert(1)</script>');
    expect(data.s.some((x) => x.includes('"><img src=x onerror=alert(2)>'))).toBe(true);
  });

  it('is self-contained: a CSP that allows only its own inline style and script, by hash, and no URL to fetch', () => {
    // When
    const page = renderHtml(knownDoc());
    // Then the CSP names the sha256 of the exact style and script text, and nothing else may load
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1].replace(/&#39;/g, "'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1];
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1];
    const sha = (t: string): string => createHash('sha256').update(t, 'utf8').digest('base64');
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `style-src 'sha256-${sha(style)}'`,
      `script-src 'sha256-${sha(script)}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    expect(page).not.toMatch(/<link|<img|<iframe|@import|url\(/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(page).not.toMatch(/ style="| on[a-z]+="/i);
  });

  it('shows the zone of trust, the summary, the changes, the findings data, the suppressions and the coverage', () => {
    // When
    const doc = knownDoc({
      trust: { zone: 'organization', trustedAccounts: ['444455556666'], trustedOuPaths: [], trustedCanonicalIds: [] },
    });
    const page = renderHtml(doc);
    // Then
    expect(page).toContain('<dd data-testid="zone">the organisation, plus trusted accounts: 444455556666</dd>');
    expect(page).toContain('data-testid="count-critical">1<');
    expect(page).toContain('data-testid="count-medium">1<');
    expect(page).toContain('data-testid="count-high">0<'); // the public-assets finding is suppressed
    expect(page).toContain('first run: every finding is new');
    const data = JSON.parse(/id="report-data">([^<]*)</.exec(page)![1]) as { s: string[]; rows: unknown[][] };
    expect(data.rows).toHaveLength(3);
    expect(data.s).toContain(`OpenPush in repository-policy\n${REPO_POLICY.slice(REPO_POLICY.indexOf('{"Sid"'), -2)}`);
    expect(data.s).toContain('rule web-assets (web@example.com, expires 2027-03-31): serves the public web site');
    expect(page).toContain('DescribeRepositories: AccessDeniedException: &lt;b&gt;denied&lt;/b&gt;');
    expect(page).toContain('<summary>Full coverage matrix (2 accounts × 2 service-regions)</summary>');
  });

  it('says when the suppressions file is malformed and every finding is reported unsuppressed', () => {
    // Given a malformed file
    const doc = knownDoc({
      suppressions: { ok: false, errors: [{ path: 'rules[0].expires', message: 'must be a date' }] },
    });
    // When
    const page = renderHtml(doc);
    // Then
    expect(page).toContain('The suppressions file is malformed, so every finding is reported unsuppressed');
    expect(page).toContain('<code>rules[0].expires</code>: must be a date');
    expect(page).toContain('data-testid="count-high">1<');
  });

  it('flags an active suppression rule that expires within 30 days of the run', () => {
    // Given the web-assets rule (expires 2027-03-31) and a run on 2027-03-20
    const doc = knownDoc({ now: '2027-03-20T02:00:00.000Z' });
    // When
    const page = renderHtml(doc);
    // Then
    expect(page).toContain('<td data-label="Expires">2027-03-31 (in 12 days)</td>');
    expect(renderHtml(knownDoc())).toContain('<td data-label="Expires">2027-03-31</td>');
  });
});
