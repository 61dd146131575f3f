// N-API binding of OpenBLAS cblas_sgemm for the embedded engine's `Kernels.sgemm` seam.
// Operands are Float32Arrays (plain or SharedArrayBuffer-backed) used in place: no copies.
// The JS side validates arguments; the bounds are checked again here because a wrong stride
// would otherwise read or write outside the arrays and crash the process.
#include <cblas.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdio.h>

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
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N, K, (float)alpha,
              A, lda, B, ldb, (float)beta, C, ldc);
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t n = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 || !get_i32(env, argv[0], &n) ||
      n < 1)
    THROW(env, "setThreads expects an integer >= 1");
  openblas_set_num_threads(n);
  return NULL;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_int32(env, openblas_get_num_threads(), &out);
  return out;
}

static napi_value get_config(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &out);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"getThreads", NULL, get_threads, NULL, NULL, NULL, napi_default, NULL},
      {"config", NULL, get_config, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
