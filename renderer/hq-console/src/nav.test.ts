import { describe, expect, it } from 'vitest';
import { pageOf, pagesFor } from './nav.js';

describe('console navigation by role', () => {
  it('shows each role only the pages it may use', () => {
    expect(pagesFor('chain_admin')).toEqual(['dashboard', 'stores', 'members', 'rules', 'items', 'campaigns', 'erasure', 'staff', 'audit']);
    expect(pagesFor('operations')).toEqual(['dashboard', 'stores', 'members', 'rules', 'items', 'campaigns', 'erasure']);
    expect(pagesFor('auditor')).toEqual(['dashboard', 'stores', 'members', 'rules', 'items', 'campaigns', 'erasure', 'staff', 'audit']);
  });

  it('a forbidden or unknown path opens the dashboard; a page keeps the rest of its path', () => {
    expect(pageOf('audit', 'operations')).toEqual({ page: 'dashboard', rest: '' });
    expect(pageOf('nonsense', 'auditor')).toEqual({ page: 'dashboard', rest: '' });
    expect(pageOf('members/m_1', 'operations')).toEqual({ page: 'members', rest: 'm_1' });
  });
});
