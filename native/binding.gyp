{
  "targets": [
    {
      "target_name": "cascade_blas",
      "sources": ["addon/sgemm_blas.c"],
      "cflags": ["-O2", "-Wall"],
      "libraries": ["-lopenblas"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
