import { describe, expect, it } from 'vitest';
import { pathTargets, rcpsByAccount } from '../../lib/collect/rcps.js';
import type { OrgAccount, RcpDoc } from '../../lib/model/manifest.js';

const acct = (id: string, ouPath: string): OrgAccount => ({ id, name: id, status: 'ACTIVE', ouPath });
const rcp = (id: string, targets: string[]): RcpDoc => ({ id, name: id, content: '{}', targets });

describe('rcpsByAccount', () => {
  it('binds an account by the RCPs of the root, every OU on its path and the account itself', () => {
    // Given RCPs on the root, a parent OU, a leaf OU, one account, and an unrelated OU
    const accounts = [
      acct('111111111111', 'o-abc/r-ab12/ou-ab12-aaaa/ou-ab12-bbbb/'),
      acct('222222222222', 'o-abc/r-ab12/'),
    ];
    const rcps = [
      rcp('p-root', ['r-ab12']),
      rcp('p-parent', ['ou-ab12-aaaa']),
      rcp('p-leaf', ['ou-ab12-bbbb']),
      rcp('p-acct', ['222222222222']),
      rcp('p-other', ['ou-ab12-cccc']),
    ];
    // When the map is built
    const map = rcpsByAccount(accounts, rcps, '999999999999');
    // Then each account gets exactly the policies on its path
    expect(map).toEqual({ '111111111111': ['p-root', 'p-parent', 'p-leaf'], '222222222222': ['p-root', 'p-acct'] });
  });

  it('gives the management account no RCP, since RCPs do not apply to it', () => {
    // Given an RCP on the root and the management account under it
    const map = rcpsByAccount([acct('999999999999', 'o-abc/r-ab12/')], [rcp('p-root', ['r-ab12'])], '999999999999');
    // Then it is bound by none
    expect(map).toEqual({ '999999999999': [] });
  });
});

describe('pathTargets', () => {
  it.each<{ path: string; expected: string[] }>([
    { path: 'o-abc/r-ab12/', expected: ['r-ab12'] },
    { path: 'o-abc/r-ab12/ou-ab12-1/ou-ab12-2/', expected: ['r-ab12', 'ou-ab12-1', 'ou-ab12-2'] },
    { path: '', expected: [] },
  ])('lists the containers of `$path`', ({ path, expected }) => {
    expect(pathTargets(path)).toEqual(expected);
  });
});
