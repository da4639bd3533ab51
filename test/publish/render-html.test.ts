import { describe, expect, it } from 'vitest';
import { buildReport } from '../../lib/publish/build-report.js';
import { renderHtml } from '../../lib/publish/render-html.js';
import { finding } from '../findings/make.js';
import { knownDoc, NOW, runInput } from './doc.js';

describe('HTML rendering', () => {
  it('escapes a <script> that came from a policy so it is shown, never run', () => {
    // Given a finding whose Sid, principal and condition value carry markup
    const evil = finding({
      id: 'evil',
      statements: ['<script>alert(1)</script>'],
      principal: { class: 'named-principal', value: '"><img src=x onerror=alert(2)>', account: '999999999999' },
      conditions: [{ operator: 'StringLike', key: 'aws:userid', values: ["</pre><script src='https://evil.example/x.js'></script>"] }],
    });
    const doc = buildReport({ ...runInput({ a: [evil], b: [] }), now: NOW, previous: null, suppressions: null });
    // When
    const page = renderHtml(doc);
    // Then no tag from the policy survives and the text is there, escaped
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('is self-contained: inline CSS only, no script and no URL the browser would fetch', () => {
    // When
    const page = renderHtml(knownDoc());
    // Then
    expect(page).toContain("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('shows the summary, the changes, each finding with its evidence, the suppressions and the coverage', () => {
    // When
    const page = renderHtml(knownDoc());
    // Then
    expect(page).toContain('data-testid="count-critical">1<');
    expect(page).toContain('data-testid="count-medium">1<');
    expect(page).toContain('data-testid="count-high">0<'); // the public-assets finding is suppressed
    expect(page).toContain('id="finding-f-public-push"');
    expect(page).toContain('&quot;action&quot;: &quot;ecr:PutImage&quot;');
    expect(page).toContain('<code>OpenPush</code>');
    expect(page).toContain('<div class="muted">OpenPush in repository-policy</div><pre class="statement">{\n  &quot;Sid&quot;: &quot;OpenPush&quot;,');
    expect(page).toContain('<div class="muted">#0 in bucket-policy</div>');
    expect(page).toContain('rule <code>web-assets</code> (web@example.com, expires 2027-03-31)');
    expect(page).toContain('DescribeRepositories: AccessDeniedException: &lt;b&gt;denied&lt;/b&gt;');
    expect(page).toContain('first run: every finding is new');
  });

  it('says when the suppressions file is malformed and every finding is reported unsuppressed', () => {
    // Given a malformed file
    const doc = knownDoc({ suppressions: { ok: false, errors: [{ path: 'rules[0].expires', message: 'must be a date' }] } });
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
    expect(page).toContain('<td>2027-03-31 (in 12 days)</td>');
    expect(renderHtml(knownDoc())).toContain('<td>2027-03-31</td>');
  });
});
