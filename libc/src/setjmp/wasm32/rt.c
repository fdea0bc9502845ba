/*
 * The runtime of clang's -wasm-enable-sjlj lowering. The compiler turns
 *   setjmp(env)       into __wasm_setjmp(env, label, id), where label names this setjmp
 *                     within its function and id is unique to the function invocation;
 *   longjmp(env, v)   into __wasm_longjmp(env, v), which throws the __c_longjmp exception
 *                     with a pointer to {env, val};
 * and catches __c_longjmp in every function that called setjmp: __wasm_setjmp_test(env, id)
 * gives the label to resume at, or 0 when env belongs to another invocation (rethrow).
 * The state lives in the first words of jmp_buf (arch/wasm32/bits/setjmp.h).
 */
#include <stdint.h>
#include <setjmp.h>

struct jb_state {
	void *id;
	uint32_t label;
	struct {
		void *env;
		int val;
	} arg;
};

/* The exception tag longjmp throws; its one i32 is the address of {env, val}. */
__asm__(".globl __c_longjmp\n\t.tagtype __c_longjmp i32\n__c_longjmp:\n");

_Static_assert(sizeof(struct jb_state) <= sizeof(((jmp_buf){0})->__jb), "jmp_buf too small");

void __wasm_setjmp(void *env, uint32_t label, void *id)
{
	struct jb_state *s = env;
	s->id = id;
	s->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *id)
{
	struct jb_state *s = env;
	return s->id == id ? s->label : 0;
}

/* C11 7.13.2.1: longjmp with 0 makes setjmp return 1. */
_Noreturn void __wasm_longjmp(void *env, int val)
{
	struct jb_state *s = env;
	s->arg.env = env;
	s->arg.val = val ? val : 1;
	__builtin_wasm_throw(1, &s->arg);
}
