// N-API bindings of the embedded engine's native kernels: sgemm (OpenBLAS, split over the addon's
// threads) and decode attention. Operands are typed arrays (plain or SharedArrayBuffer-backed) used in
// place: no copies. The JS side validates arguments; the bounds are checked again here because a wrong
// stride would otherwise read or write outside the arrays and crash the process.
#include <cblas.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "attention.h"
#include "gemm.h"
#include "pool.h"

#define THROW(env, msg)                       \
  do {                                        \
    napi_throw_error((env), "E_CASCADE_BLAS", (msg)); \
    return NULL;                              \
  } while (0)

static bool get_f32(napi_env env, napi_value value, float **data, size_t *length) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return false;
  napi_typedarray_type type;
  void *ptr = NULL;
  if (napi_get_typedarray_info(env, value, &type, length, &ptr, NULL, NULL) != napi_ok) return false;
  if (type != napi_float32_array) return false;
  *data = (float *)ptr;
  return true;
}

static bool get_i32_array(napi_env env, napi_value value, int32_t **data, size_t *length) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return false;
  napi_typedarray_type type;
  void *ptr = NULL;
  if (napi_get_typedarray_info(env, value, &type, length, &ptr, NULL, NULL) != napi_ok) return false;
  if (type != napi_int32_array) return false;
  *data = (int32_t *)ptr;
  return true;
}

static bool get_i32(napi_env env, napi_value value, int32_t *out) {
  return napi_get_value_int32(env, value, out) == napi_ok;
}

// Floats a rows×cols operand with row stride ld spans, or 0 when it is empty.
static size_t extent(int32_t rows, int32_t cols, int32_t ld) {
  if (rows <= 0 || cols <= 0) return 0;
  return (size_t)(rows - 1) * (size_t)ld + (size_t)cols;
}

// sgemm(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 13)
    THROW(env, "sgemm expects 13 arguments");
  bool ta = false, tb = false;
  int32_t M, N, K, lda, ldb, ldc;
  double alpha, beta;
  float *A, *B, *C;
  size_t lenA, lenB, lenC;
  if (napi_get_value_bool(env, argv[0], &ta) != napi_ok || napi_get_value_bool(env, argv[1], &tb) != napi_ok)
    THROW(env, "transA and transB must be booleans");
  if (!get_i32(env, argv[2], &M) || !get_i32(env, argv[3], &N) || !get_i32(env, argv[4], &K) ||
      !get_i32(env, argv[7], &lda) || !get_i32(env, argv[9], &ldb) || !get_i32(env, argv[12], &ldc))
    THROW(env, "M, N, K, lda, ldb and ldc must be integers");
  if (napi_get_value_double(env, argv[5], &alpha) != napi_ok || napi_get_value_double(env, argv[10], &beta) != napi_ok)
    THROW(env, "alpha and beta must be numbers");
  if (!get_f32(env, argv[6], &A, &lenA) || !get_f32(env, argv[8], &B, &lenB) || !get_f32(env, argv[11], &C, &lenC))
    THROW(env, "A, B and C must be Float32Arrays");
  if (M < 0 || N < 0 || K < 0) THROW(env, "M, N and K must be >= 0");
  if (M == 0 || N == 0) return NULL;
  const int32_t colsA = ta ? M : K, colsB = tb ? K : N;
  if (lda < (colsA > 1 ? colsA : 1) || ldb < (colsB > 1 ? colsB : 1) || ldc < N)
    THROW(env, "a leading dimension is smaller than its operand's row width");
  if (extent(ta ? K : M, colsA, lda) > lenA || extent(tb ? N : K, colsB, ldb) > lenB || extent(M, N, ldc) > lenC)
    THROW(env, "an operand's strided extent exceeds its Float32Array");
  const gemm_args args = {ta, tb, M, N, K, (float)alpha, (float)beta, A, B, C, lda, ldb, ldc};
  gemm(&args, pool_threads());
  return NULL;
}

// decodeAttention(q, y, keys, values, rows, A, H, KVH, D, scale): see attention.h
static napi_value decode_attention(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 10)
    THROW(env, "decodeAttention expects 10 arguments");
  float *q, *y, *keys, *values;
  size_t lenQ, lenY, lenK, lenV, lenRows;
  int32_t *rows;
  int32_t A, H, KVH, D;
  double scale;
  if (!get_f32(env, argv[0], &q, &lenQ) || !get_f32(env, argv[1], &y, &lenY) || !get_f32(env, argv[2], &keys, &lenK) ||
      !get_f32(env, argv[3], &values, &lenV))
    THROW(env, "q, y, keys and values must be Float32Arrays");
  if (!get_i32_array(env, argv[4], &rows, &lenRows)) THROW(env, "rows must be an Int32Array");
  if (!get_i32(env, argv[5], &A) || !get_i32(env, argv[6], &H) || !get_i32(env, argv[7], &KVH) ||
      !get_i32(env, argv[8], &D) || napi_get_value_double(env, argv[9], &scale) != napi_ok)
    THROW(env, "A, H, KVH and D must be integers and scale a number");
  if (A < 0 || H < 1 || KVH < 1 || D < 1 || H % KVH != 0) THROW(env, "need A >= 0, H, KVH, D >= 1, H a multiple of KVH");
  if (A == 0) return NULL;
  const size_t QD = (size_t)H * D, KVD = (size_t)KVH * D;
  if (lenRows < 2 * (size_t)A || lenQ < A * QD || lenY < A * QD) THROW(env, "rows, q or y is shorter than A rows");
  int32_t longest = 0;
  for (int32_t a = 0; a < A; a++) {
    const int32_t base = rows[2 * a], span = rows[2 * a + 1];
    if (base < 0 || span < 1) THROW(env, "a row's cache offset is negative or its span is below 1");
    if ((size_t)base + (size_t)span * KVD > lenK || (size_t)base + (size_t)span * KVD > lenV)
      THROW(env, "a row's span runs past the end of keys or values");
    if (span > longest) longest = span;
  }
  const int parts = pool_threads() < A ? pool_threads() : A;
  float *scratch = malloc((size_t)parts * H * longest * sizeof(float));
  if (!scratch) THROW(env, "decodeAttention: out of memory for the scores");
  decode_attention_args args = {q, y, keys, values, rows, A, H, KVH, D, (float)scale,
                                scratch, H * longest, decode_attention_vectorized(D)};
  pool_run(decode_attention_part, &args, parts);
  free(scratch);
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t n = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 || !get_i32(env, argv[0], &n) ||
      n < 1)
    THROW(env, "setThreads expects an integer >= 1");
  openblas_set_num_threads(1);  // the pool splits the work; see gemm.c
  if (pool_set_threads(n) != 0) THROW(env, "setThreads: could not start a helper thread");
  return NULL;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_int32(env, pool_threads(), &out);
  return out;
}

static napi_value get_config(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  openblas_set_num_threads(1);
  const napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_default, NULL},
      {"decodeAttention", NULL, decode_attention, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"getThreads", NULL, get_threads, NULL, NULL, NULL, napi_default, NULL},
      {"config", NULL, get_config, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
