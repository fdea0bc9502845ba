/*
 * The first six words belong to the wasm setjmp runtime (src/setjmp/wasm32/rt.c): LLVM's
 * -wasm-enable-sjlj lowering turns setjmp into __wasm_setjmp(env, label, frame id).
 */
typedef unsigned long __jmp_buf[6];
