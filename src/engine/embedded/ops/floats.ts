/** Elementwise ops run on Float32Array in the engine and on Float64Array in their gradient checks. */
export type Floats = Float32Array | Float64Array;
