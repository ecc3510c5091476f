import { describe, expect, it } from 'vitest';
import { describeFolderCycle, findFolderCycles, liftToSiblings, type ModuleEdge } from './folder-cycles.js';

const edge = (from: string, to: string): ModuleEdge => ({ from, to });

describe('liftToSiblings', () => {
  it('lifts an import between sibling folders to the two folders', () => {
    expect(liftToSiblings(edge('a/members/x.ts', 'a/checkin/y.ts'))).toEqual(['a/members/', 'a/checkin/']);
  });

  it('lifts deep imports to the first folders where the paths part', () => {
    expect(liftToSiblings(edge('a/b/c/x.ts', 'a/d/e/f/y.ts'))).toEqual(['a/b/', 'a/d/']);
  });

  it('keeps a file that sits directly in the shared parent as itself', () => {
    expect(liftToSiblings(edge('a/index.ts', 'a/ops/handlers.ts'))).toEqual(['a/index.ts', 'a/ops/']);
    expect(liftToSiblings(edge('a/ops/cli.ts', 'a/start.ts'))).toEqual(['a/ops/', 'a/start.ts']);
  });

  it('leaves imports between files of one folder to the module-level check', () => {
    expect(liftToSiblings(edge('a/b/x.ts', 'a/b/y.ts'))).toBeNull();
    expect(liftToSiblings(edge('x.ts', 'y.ts'))).toBeNull();
  });

  it('handles top-level folders', () => {
    expect(liftToSiblings(edge('edge-sync/client/x.ts', 'electron/db/y.ts'))).toEqual(['edge-sync/', 'electron/']);
  });
});

describe('findFolderCycles', () => {
  it('finds nothing in a layered tree', () => {
    const edges = [
      edge('s/index.ts', 's/members/api.ts'),
      edge('s/members/api.ts', 's/loyalty/ledger.ts'),
      edge('s/loyalty/ledger.ts', 's/kernel/statements.ts'),
      edge('s/members/api.ts', 's/kernel/statements.ts'),
      edge('s/members/api.ts', 's/context.ts'),
      edge('s/loyalty/ledger.ts', 's/context.ts'),
    ];
    expect(findFolderCycles(edges)).toEqual([]);
  });

  it('names a two-folder cycle and the import behind each hop', () => {
    const cycles = findFolderCycles([
      edge('s/members/card.ts', 's/checkin/greeting.ts'),
      edge('s/checkin/service.ts', 's/members/statements.ts'),
    ]);
    expect(cycles).toEqual([
      {
        folders: ['s/checkin/', 's/members/'],
        evidence: [edge('s/checkin/service.ts', 's/members/statements.ts'), edge('s/members/card.ts', 's/checkin/greeting.ts')],
      },
    ]);
    expect(describeFolderCycle(cycles[0]!)).toBe(
      'folder cycle: s/checkin/ → s/members/ → s/checkin/\n    s/checkin/service.ts → s/members/statements.ts\n    s/members/card.ts → s/checkin/greeting.ts',
    );
  });

  it('finds a cycle through a parent folder file and a subfolder', () => {
    const cycles = findFolderCycles([edge('s/start.ts', 's/ops/backup.ts'), edge('s/ops/cli.ts', 's/start.ts')]);
    expect(cycles.map((c) => c.folders)).toEqual([['s/ops/', 's/start.ts']]);
  });

  it('does not count two different files of a parent as one node', () => {
    // index.ts imports ops; ops imports context.ts; nothing imports index.ts back.
    expect(findFolderCycles([edge('s/index.ts', 's/ops/handlers.ts'), edge('s/ops/handlers.ts', 's/context.ts')])).toEqual([]);
  });

  it('finds a longer cycle and every folder of the tangle is in some reported cycle', () => {
    const cycles = findFolderCycles([
      edge('a/x/1.ts', 'a/y/1.ts'),
      edge('a/y/1.ts', 'a/z/1.ts'),
      edge('a/z/1.ts', 'a/x/1.ts'),
      edge('a/z/2.ts', 'a/w/1.ts'),
    ]);
    expect(cycles.map((c) => c.folders)).toEqual([['a/x/', 'a/y/', 'a/z/']]);
    expect(cycles[0]!.evidence).toEqual([edge('a/x/1.ts', 'a/y/1.ts'), edge('a/y/1.ts', 'a/z/1.ts'), edge('a/z/1.ts', 'a/x/1.ts')]);
  });

  it('finds a cycle that spans levels at the level of the folder that holds it', () => {
    // electron/services/checkin → edge-sync/client → electron/db … and edge-sync/client → electron/services.
    const cycles = findFolderCycles([
      edge('electron/services/checkin/service.ts', 'edge-sync/client/outbox.ts'),
      edge('edge-sync/client/outbox.ts', 'electron/db/connection.ts'),
    ]);
    expect(cycles.map((c) => c.folders)).toEqual([['edge-sync/', 'electron/']]);
  });

  it('reports separate tangles separately, in a stable order', () => {
    const edges = [
      edge('r/b/1.ts', 'r/a/1.ts'),
      edge('r/a/1.ts', 'r/b/1.ts'),
      edge('r/d/1.ts', 'r/c/1.ts'),
      edge('r/c/1.ts', 'r/d/1.ts'),
    ];
    const forwards = findFolderCycles(edges).map((c) => c.folders);
    expect(forwards).toEqual([
      ['r/a/', 'r/b/'],
      ['r/c/', 'r/d/'],
    ]);
    expect(findFolderCycles([...edges].reverse()).map((c) => c.folders)).toEqual(forwards);
  });

  it('reports the shortest cycle through each folder of a tangle once', () => {
    // hub ↔ a and hub ↔ b: two cycles through hub, one through each spoke.
    const cycles = findFolderCycles([
      edge('t/hub/1.ts', 't/a/1.ts'),
      edge('t/a/1.ts', 't/hub/1.ts'),
      edge('t/hub/1.ts', 't/b/1.ts'),
      edge('t/b/1.ts', 't/hub/1.ts'),
    ]);
    expect(cycles.map((c) => c.folders)).toEqual([
      ['t/a/', 't/hub/'],
      ['t/b/', 't/hub/'],
    ]);
  });
});
