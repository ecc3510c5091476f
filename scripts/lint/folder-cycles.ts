/**
 * Folder-level import cycles. dependency-cruiser finds module cycles, and its own `scope: 'folder'`
 * rules count a folder as everything beneath it, so a parent folder's files and its subfolders
 * (services/start-services.ts ↔ services/ops/) never form a cycle there. Here an import is lifted to
 * the folder where its two ends part: `a/x/1.ts → a/y/2.ts` is `a/x/ → a/y/`, and
 * `a/index.ts → a/x/1.ts` is `a/index.ts → a/x/` (a file directly in the parent stands for itself).
 * Two folders that reach each other that way are one tangle that can no longer be understood,
 * moved or tested on its own. Every cycle of modules that spans folders shows up at the level of
 * the folder that holds them all.
 */

/** One import: `from` imports `to` (paths relative to the repository root, forward slashes). */
export interface ModuleEdge {
  from: string;
  to: string;
}

/**
 * A cycle of folders (ending in `/`) and files side by side in one parent folder,
 * `folders[0]` → `folders[1]` → … → `folders[0]`, with one import that makes each hop.
 */
export interface FolderCycle {
  folders: string[];
  evidence: ModuleEdge[];
}

/**
 * The two entries of one parent folder that an import joins: each end's first path step below the
 * folders the two paths share (a subfolder, with its trailing `/`, or a file). Null for an import
 * between files of one folder, which is a module-level matter.
 */
export function liftToSiblings(edge: ModuleEdge): [string, string] | null {
  const a = edge.from.split('/');
  const b = edge.to.split('/');
  let shared = 0;
  while (shared < a.length - 1 && shared < b.length - 1 && a[shared] === b[shared]) shared += 1;
  const entry = (steps: string[]): string => {
    const isFolder = shared < steps.length - 1;
    return steps.slice(0, shared + 1).join('/') + (isFolder ? '/' : '');
  };
  const from = entry(a);
  const to = entry(b);
  if (!from.endsWith('/') && !to.endsWith('/')) return null;
  return [from, to];
}

/**
 * For every tangle (strongly connected group of folders), the shortest cycle through each of its
 * folders, duplicates dropped: enough to see every hop that has to go, in the same order every run.
 */
export function findFolderCycles(edges: readonly ModuleEdge[]): FolderCycle[] {
  const graph = new Map<string, Map<string, ModuleEdge>>();
  for (const edge of edges) {
    const lifted = liftToSiblings(edge);
    if (!lifted) continue;
    const [a, b] = lifted;
    const out = graph.get(a) ?? new Map<string, ModuleEdge>();
    graph.set(a, out);
    // The first import seen in name order stands for the hop, for a stable message.
    const known = out.get(b);
    if (!known || compareEdges(edge, known) < 0) out.set(b, edge);
    if (!graph.has(b)) graph.set(b, new Map());
  }
  return stronglyConnected(graph)
    .filter((group) => group.length > 1)
    .flatMap((group) => {
      const seen = new Set<string>();
      return group
        .map((start) => shortestCycle(graph, group, start))
        .filter((cycle) => {
          const key = [...cycle.folders].sort(compare).join('\n');
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
    })
    .sort((x, y) => compare(x.folders.join('\n'), y.folders.join('\n')));
}

export function describeFolderCycle(cycle: FolderCycle): string {
  const ring = [...cycle.folders, cycle.folders[0]].join(' → ');
  const hops = cycle.evidence.map((e) => `    ${e.from} → ${e.to}`).join('\n');
  return `folder cycle: ${ring}\n${hops}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEdges(x: ModuleEdge, y: ModuleEdge): number {
  return compare(x.from, y.from) || compare(x.to, y.to);
}

/** Tarjan's algorithm, iterative so a deep graph cannot overflow the stack. */
function stronglyConnected(graph: Map<string, Map<string, ModuleEdge>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let next = 0;
  const successors = (v: string): string[] => [...(graph.get(v)?.keys() ?? [])].sort(compare);

  for (const root of [...graph.keys()].sort(compare)) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; children: string[]; at: number }> = [];
    const enter = (v: string): void => {
      index.set(v, next);
      low.set(v, next);
      next += 1;
      stack.push(v);
      onStack.add(v);
      work.push({ node: v, children: successors(v), at: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.at < frame.children.length) {
        const w = frame.children[frame.at]!;
        frame.at += 1;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          group.push(w);
        } while (w !== frame.node);
        groups.push(group.sort(compare));
      }
    }
  }
  return groups;
}

/** Breadth-first from `start` back to itself, staying inside its group. */
function shortestCycle(graph: Map<string, Map<string, ModuleEdge>>, group: string[], start: string): FolderCycle {
  const members = new Set(group);
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v)?.keys() ?? [])].sort(compare)) {
      if (!members.has(w) || cameFrom.has(w)) continue;
      cameFrom.set(w, v);
      if (w === start) return cycleThrough(graph, start, cameFrom);
      queue.push(w);
    }
  }
  // A strongly connected group of two or more always leads back to its start.
  throw new Error(`no cycle through ${start} in ${group.join(', ')}`);
}

function cycleThrough(graph: Map<string, Map<string, ModuleEdge>>, start: string, cameFrom: Map<string, string>): FolderCycle {
  const backwards: string[] = [];
  let v = cameFrom.get(start)!;
  while (v !== start) {
    backwards.push(v);
    v = cameFrom.get(v)!;
  }
  const folders = [start, ...backwards.reverse()];
  const evidence = folders.map((f, i) => graph.get(f)!.get(folders[(i + 1) % folders.length]!)!);
  return { folders, evidence };
}
