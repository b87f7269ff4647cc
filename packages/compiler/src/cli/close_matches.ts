// difflib.get_close_matches and the part of SequenceMatcher it uses, on code points.
// CPython: Lib/difflib.py

type Match = [a: number, b: number, size: number];

// CPython: Lib/difflib.py _calculate_ratio
function calculateRatio(matches: number, length: number): number {
  return length ? (2.0 * matches) / length : 1.0;
}

/** SequenceMatcher(None, a, b) with autojunk, comparing code points. CPython: Lib/difflib.py SequenceMatcher */
class SequenceMatcher {
  private a: string[] = [];
  private b: string[] = [];
  private b2j = new Map<string, number[]>();
  private fullbcount: Map<string, number> | undefined;
  private matchingBlocks: Match[] | undefined;

  // CPython: Lib/difflib.py SequenceMatcher.set_seq1
  setSeq1(a: string): void {
    this.a = Array.from(a);
    this.matchingBlocks = undefined;
  }

  // CPython: Lib/difflib.py SequenceMatcher.set_seq2
  setSeq2(b: string): void {
    this.b = Array.from(b);
    this.matchingBlocks = undefined;
    this.fullbcount = undefined;
    this.chainB();
  }

  // CPython: Lib/difflib.py SequenceMatcher.__chain_b (no isjunk; autojunk drops popular elements)
  private chainB(): void {
    const b2j = new Map<string, number[]>();
    this.b.forEach((elt, i) => {
      let indices = b2j.get(elt);
      if (indices === undefined) b2j.set(elt, (indices = []));
      indices.push(i);
    });
    const n = this.b.length;
    if (n >= 200) {
      const ntest = Math.floor(n / 100) + 1;
      const popular = [...b2j].filter(([, idxs]) => idxs.length > ntest).map(([elt]) => elt);
      for (const elt of popular) b2j.delete(elt);
    }
    this.b2j = b2j;
  }

  // CPython: Lib/difflib.py SequenceMatcher.find_longest_match (bjunk is empty)
  private findLongestMatch(alo: number, ahi: number, blo: number, bhi: number): Match {
    const { a, b, b2j } = this;
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const newj2len = new Map<number, number>();
      for (const j of b2j.get(a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        newj2len.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = newj2len;
    }
    // Extend over equal neighbours (popular elements were left out of b2j).
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
      bestsize++;
    }
    return [besti, bestj, bestsize];
  }

  // CPython: Lib/difflib.py SequenceMatcher.get_matching_blocks
  private getMatchingBlocks(): Match[] {
    if (this.matchingBlocks !== undefined) return this.matchingBlocks;
    const la = this.a.length;
    const lb = this.b.length;
    const queue: [number, number, number, number][] = [[0, la, 0, lb]];
    const blocks: Match[] = [];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop()!;
      const x = this.findLongestMatch(alo, ahi, blo, bhi);
      const [i, j, k] = x;
      if (k) {
        blocks.push(x);
        if (alo < i && blo < j) queue.push([alo, i, blo, j]);
        if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
      }
    }
    blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    let [i1, j1, k1] = [0, 0, 0];
    const nonAdjacent: Match[] = [];
    for (const [i2, j2, k2] of blocks) {
      if (i1 + k1 === i2 && j1 + k1 === j2) {
        k1 += k2;
      } else {
        if (k1) nonAdjacent.push([i1, j1, k1]);
        [i1, j1, k1] = [i2, j2, k2];
      }
    }
    if (k1) nonAdjacent.push([i1, j1, k1]);
    nonAdjacent.push([la, lb, 0]);
    this.matchingBlocks = nonAdjacent;
    return nonAdjacent;
  }

  // CPython: Lib/difflib.py SequenceMatcher.ratio
  ratio(): number {
    const matches = this.getMatchingBlocks().reduce((sum, m) => sum + m[2], 0);
    return calculateRatio(matches, this.a.length + this.b.length);
  }

  // CPython: Lib/difflib.py SequenceMatcher.quick_ratio
  quickRatio(): number {
    if (this.fullbcount === undefined) {
      const counts = new Map<string, number>();
      for (const elt of this.b) counts.set(elt, (counts.get(elt) ?? 0) + 1);
      this.fullbcount = counts;
    }
    const fullbcount = this.fullbcount;
    const avail = new Map<string, number>();
    let matches = 0;
    for (const elt of this.a) {
      const numb = avail.has(elt) ? avail.get(elt)! : fullbcount.get(elt) ?? 0;
      avail.set(elt, numb - 1);
      if (numb > 0) matches++;
    }
    return calculateRatio(matches, this.a.length + this.b.length);
  }

  // CPython: Lib/difflib.py SequenceMatcher.real_quick_ratio
  realQuickRatio(): number {
    const la = this.a.length;
    const lb = this.b.length;
    return calculateRatio(Math.min(la, lb), la + lb);
  }
}

/** Python's str ordering: by code point (JavaScript's `<` compares UTF-16 units). */
function compareCodePoints(x: string, y: string): number {
  const a = Array.from(x, (c) => c.codePointAt(0)!);
  const b = Array.from(y, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * The best "good enough" matches of `word` among `possibilities`, best first.
 * CPython: Lib/difflib.py get_close_matches
 */
export function getCloseMatches(word: string, possibilities: Iterable<string>, n = 3, cutoff = 0.6): string[] {
  if (!(n > 0)) throw new RangeError(`n must be > 0: ${n}`);
  if (!(cutoff >= 0.0 && cutoff <= 1.0)) throw new RangeError(`cutoff must be in [0.0, 1.0]: ${cutoff}`);
  const result: [number, string][] = [];
  const s = new SequenceMatcher();
  s.setSeq2(word);
  for (const x of possibilities) {
    s.setSeq1(x);
    if (s.realQuickRatio() >= cutoff && s.quickRatio() >= cutoff && s.ratio() >= cutoff) {
      result.push([s.ratio(), x]);
    }
  }
  // heapq.nlargest(n, result): the largest (score, x) tuples, largest first.
  result.sort((p, q) => q[0] - p[0] || compareCodePoints(q[1], p[1]));
  return result.slice(0, n).map(([, x]) => x);
}
