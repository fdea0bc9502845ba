/* Futexes (futex.c) and what thread exit does with them (thread.c). */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include "proc.h"

#define FUTEX_WAITERS    0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK   0x3fffffffu
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

/* Wakes up to n threads waiting at addr of memory mem whose bitset meets bitset: how many. */
int futex_wake(int mem, uaddr_t addr, int n, uint32_t bitset);
/*
 * The robust-list duty for one word: if thread tid owns the lock at addr, mark it
 * FUTEX_OWNER_DIED (keeping FUTEX_WAITERS) and wake a waiter, who finds it so.
 */
void futex_owner_died(int mem, uaddr_t addr, int tid, bool pi);

#endif
