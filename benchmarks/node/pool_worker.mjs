// The tasks a piscina worker thread runs for chapter_workloads.mjs's pool: Python's
// `def identity(value): return value`, and the same over a chunk of items.

export function identity(value) {
  return value;
}

export function identityChunk(values) {
  return values.map(identity);
}

export default identity;
