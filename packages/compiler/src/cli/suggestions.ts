// "Did you mean" suggestions: the closest candidate by a case-aware Levenshtein distance.
// CPython: Python/suggestions.c (what `_suggestions._generate_suggestions` runs).

const MAX_CANDIDATE_ITEMS = 750;
const MAX_STRING_SIZE = 40;
const MOVE_COST = 2;
const CASE_COST = 1;

const encoder = new TextEncoder();

// CPython: Python/suggestions.c substitution_cost (bytes; only ASCII letters fold case)
function substitutionCost(a: number, b: number): number {
  if ((a & 31) !== (b & 31)) return MOVE_COST;
  if (a === b) return 0;
  if (a >= 0x41 && a <= 0x5a) a += 0x20;
  if (b >= 0x41 && b <= 0x5a) b += 0x20;
  return a === b ? CASE_COST : MOVE_COST;
}

/**
 * Edit distance between two UTF-8 byte strings, or `maxCost + 1` once it must exceed it.
 * CPython: Python/suggestions.c levenshtein_distance
 */
export function levenshteinDistance(a: Uint8Array, b: Uint8Array, maxCost: number): number {
  let aStart = 0;
  let bStart = 0;
  let aEnd = a.length;
  let bEnd = b.length;
  // Trim away common affixes.
  while (aStart < aEnd && bStart < bEnd && a[aStart] === b[bStart]) { aStart++; bStart++; }
  while (aStart < aEnd && bStart < bEnd && a[aEnd - 1] === b[bEnd - 1]) { aEnd--; bEnd--; }
  let aSize = aEnd - aStart;
  let bSize = bEnd - bStart;
  if (aSize === 0 || bSize === 0) return (aSize + bSize) * MOVE_COST;
  if (aSize > MAX_STRING_SIZE || bSize > MAX_STRING_SIZE) return maxCost + 1;
  // Prefer the shorter string as the row buffer.
  if (bSize < aSize) {
    [a, b] = [b, a];
    [aStart, bStart] = [bStart, aStart];
    [aSize, bSize] = [bSize, aSize];
  }
  if ((bSize - aSize) * MOVE_COST > maxCost) return maxCost + 1;
  const row = new Array<number>(aSize);
  for (let i = 0; i < aSize; i++) row[i] = (i + 1) * MOVE_COST;
  let result = 0;
  for (let bIndex = 0; bIndex < bSize; bIndex++) {
    const code = b[bStart + bIndex]!;
    let distance = (result = bIndex * MOVE_COST);
    let minimum = Infinity;
    for (let index = 0; index < aSize; index++) {
      const substitute = distance + substitutionCost(code, a[aStart + index]!);
      distance = row[index]!;
      const insertDelete = Math.min(result, distance) + MOVE_COST;
      result = Math.min(insertDelete, substitute);
      row[index] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}

/**
 * The candidate closest to `name` (no more than a third of the characters changed),
 * or undefined. CPython: Python/suggestions.c _Py_CalculateSuggestions
 */
export function generateSuggestions(candidates: readonly string[], name: string): string | undefined {
  if (candidates.length >= MAX_CANDIDATE_ITEMS) return undefined;
  const nameBytes = encoder.encode(name);
  let suggestion: string | undefined;
  let suggestionDistance = Number.MAX_SAFE_INTEGER;
  for (const item of candidates) {
    if (item === name) continue;
    const itemBytes = encoder.encode(item);
    // No more than 1/3 of the involved characters should need changed.
    let maxDistance = Math.trunc(((nameBytes.length + itemBytes.length + 3) * MOVE_COST) / 6);
    // Don't take matches we've already beaten.
    maxDistance = Math.min(maxDistance, suggestionDistance - 1);
    const distance = levenshteinDistance(nameBytes, itemBytes, maxDistance);
    if (distance > maxDistance) continue;
    if (suggestion === undefined || distance < suggestionDistance) {
      suggestion = item;
      suggestionDistance = distance;
    }
  }
  return suggestion;
}
