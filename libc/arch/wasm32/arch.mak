# wasm32 links statically with its own crt1 (crt/wasm32/crt1.c): no Scrt1/rcrt1, no crti/crtn.
CRT_OBJS = obj/crt/wasm32/crt1.o
