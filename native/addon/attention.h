// Decode attention over a KV cache, the same contract as decode_attention in
// src/engine/embedded/ops/wasm/ops.c: for each of A rows, one new query (H heads of D floats) attends
// to positions 0..span-1 of that row's cache. rows[2a] is the row's first cache float, rows[2a+1] its
// span; keys/values hold each position's KVH·D floats back to back; query head h reads kv head
// h / (H / KVH). scratch: H · (longest span) floats for each part.
#ifndef CASCADE_ATTENTION_H
#define CASCADE_ATTENTION_H

#include <stdint.h>

typedef struct {
  const float *q;
  float *y;
  const float *keys;
  const float *values;
  const int32_t *rows;
  int A, H, KVH, D;
  float scale;
  float *scratch;     // parts × H × longest span
  int scratch_stride; // floats of scratch per part
  int vectorized;     // decode_attention_vectorized(D)
} decode_attention_args;

// Whether this CPU runs the AVX2 + FMA version for head size D (else the portable loops).
int decode_attention_vectorized(int D);

// Rows [A·part/parts, A·(part+1)/parts): a pool_task.
void decode_attention_part(void *args, int part, int parts);

#endif
