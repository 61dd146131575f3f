{
  "targets": [
    {
      "target_name": "cascade_blas",
      "sources": ["addon/binding.c", "addon/gemm.c", "addon/pool.c", "addon/attention.c"],
      "cflags": ["-O3", "-Wall", "-std=gnu11"],
      "libraries": ["-lopenblas", "-lpthread", "-lm"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
