/*
 * setjmp.h for wasm32. setjmp is not a function here: clang's -wasm-enable-sjlj lowering
 * rewrites each call to setjmp in the calling function (into __wasm_setjmp and a catch of
 * the __c_longjmp exception), so every "returns twice" entry must reach the compiler as a
 * direct call to setjmp in the caller. sigsetjmp and _setjmp are therefore macros over it;
 * sigsetjmp records the mask first, and siglongjmp restores it before jumping.
 */
#ifndef	_SETJMP_H
#define	_SETJMP_H

#ifdef __cplusplus
extern "C" {
#endif

#include <features.h>

#include <bits/setjmp.h>

typedef struct __jmp_buf_tag {
	__jmp_buf __jb;
	unsigned long __fl;
	unsigned long __ss[128/sizeof(long)];
} jmp_buf[1];

#define __setjmp_attr __attribute__((__returns_twice__))

#if defined(_POSIX_SOURCE) || defined(_POSIX_C_SOURCE) \
 || defined(_XOPEN_SOURCE) || defined(_GNU_SOURCE) \
 || defined(_BSD_SOURCE)
typedef jmp_buf sigjmp_buf;
int sigsetjmp (sigjmp_buf, int) __setjmp_attr;
_Noreturn void siglongjmp (sigjmp_buf, int);
void __wp_sigsetjmp_save (sigjmp_buf, int);
#define sigsetjmp(buf, save) (__wp_sigsetjmp_save((buf), (save)), setjmp((buf)))
#endif

#if defined(_XOPEN_SOURCE) || defined(_GNU_SOURCE) \
 || defined(_BSD_SOURCE)
int _setjmp (jmp_buf) __setjmp_attr;
_Noreturn void _longjmp (jmp_buf, int);
#define _setjmp(buf) setjmp((buf))
#endif

int setjmp (jmp_buf) __setjmp_attr;
_Noreturn void longjmp (jmp_buf, int);

#define setjmp setjmp

#undef __setjmp_attr

#ifdef __cplusplus
}
#endif

#endif
