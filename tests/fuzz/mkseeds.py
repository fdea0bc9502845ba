#!/usr/bin/env python3
"""Writes the seed corpus (tests/fuzz/corpus/): one small input per family of calls, in the
format fuzz_kernel.c decodes. Usage: mkseeds.py build/gen/syscall_table.inc tests/fuzz/corpus"""
import os, re, struct, sys

inc, out = sys.argv[1], sys.argv[2]
NR = {}
for line in open(inc):
    m = re.match(r'SYSCALL\((\d+), (\w+), \w+\)', line)
    if m:
        NR[m.group(2)] = len(NR)

PATHS = ["/tmp/a", "/tmp/b", "/tmp/d", "/tmp/d/f", "/tmp", "/", ".", "..", "", "a",
         "/bin/prog", "/bin/script", "/bin/loop", "/dev/null", "/dev/zero", "/dev/tty",
         "/dev/full", "/dev/urandom", "/proc/self/fd/0", "/proc/self", "/proc/self/fd",
         "/proc/self/stat", "/proc/mounts", "/tmp/fifo", "/tmp/l", "/tmp/a/x", "/dev",
         "/proc/self/cwd"]

# arguments
def small(v): return bytes([v & 31])
def num(v):
    assert v < 4096
    return bytes([0x20 | v >> 8, v & 255])
def page(n): return bytes([0x20 | 16 | n >> 8, n & 255])   # n pages, as an address
def raw(v): return bytes([0x40]) + struct.pack('<I', v & 0xffffffff)
def fd(v): return bytes([0x60 | v])
CWD = bytes([0x60 | 24])
def path(p): return bytes([0x80 | PATHS.index(p)])
def strv(*ps): return bytes([0x80 | (28 + len(ps))]) + bytes(PATHS.index(p) for p in ps)
def buf(size_units=0, head=b''): return bytes([0xa0 | size_units, len(head)]) + head
def bad(v): return bytes([0xc0 | v])
def pid(v): return bytes([0xe0 | v])

# operations
def sc(name, *args, t=0):  # the decoder reads six arguments
    return bytes([0, t, NR[name]]) + b''.join(args) + small(0) * (6 - len(args))
def answer(i=0, mode=2): return bytes([11, i, mode])
def advance(shift): return bytes([12, shift])
def hkill(ref, sig): return bytes([13, ref, sig])
def hspawn(b, c): return bytes([14, b, c])
def stream_in(id, data): return bytes([15, id, len(data)]) + data
def stream_sig(id, sig): return bytes([15, id | 12, sig])

ts = lambda s, ns=0: struct.pack('<qq', s, ns)
O_RDWR_CREAT, O_NONBLOCK = 0o102, 0o4000
SIGUSR1, SIGINT, SIGSTOP, SIGCONT, SIGALRM = 10, 2, 19, 18, 14

seeds = {
    'files': bytes([0]) +
        sc('openat', CWD, path('/tmp/b'), num(O_RDWR_CREAT), num(0o644)) +
        sc('write', fd(3), buf(0, b'some bytes'), small(10)) +
        sc('_llseek', fd(3), small(0), small(2), buf(), small(0)) +
        sc('pread64', fd(3), buf(), small(16), small(0), small(0)) +
        sc('fstat64', fd(3), buf(1)) +
        sc('ftruncate64', fd(3), small(3), small(0)) +
        sc('dup3', fd(3), fd(9), small(0)) +
        sc('close', fd(3)),
    'paths': bytes([0]) +
        sc('mkdirat', CWD, path('/tmp/d/f'), num(0o755)) +
        sc('renameat2', CWD, path('/tmp/a'), CWD, path('/tmp/b'), small(0)) +
        sc('symlinkat', path('/tmp/b'), CWD, path('a')) +
        sc('readlinkat', CWD, path('/tmp/l'), buf(), small(31)) +
        sc('linkat', CWD, path('/tmp/b'), CWD, path('/tmp/d/f'), small(0)) +
        sc('chdir', path('/tmp/d')) +
        sc('getcwd', buf(), small(31)) +
        sc('openat', CWD, path('/tmp'), small(0), small(0)) +
        sc('getdents64', fd(3), buf(7), num(1024)) +
        sc('unlinkat', CWD, path('/tmp/d'), num(0x200)) +
        sc('newfstatat' if 'newfstatat' in NR else 'fstatat64', CWD, path('/proc/self/fd/0'), buf(1), small(0)),
    'efault': bytes([0]) +
        sc('openat', CWD, bad(2), small(0), small(0)) +
        sc('read', fd(0), bad(4), small(16)) +
        sc('pipe2', bad(5), small(0)) +
        sc('getcwd', bad(8), small(31)) +
        sc('rt_sigaction', small(SIGUSR1), bad(7), bad(3), small(8)) +
        sc('execve', bad(11), bad(0), bad(1)) +
        sc('wait4', pid(17), bad(6), small(1), bad(2)),
    'pipes': bytes([0]) +
        sc('pipe2', buf(), small(0)) +
        sc('write', fd(4), buf(0, b'ping'), small(4)) +
        sc('read', fd(3), buf(), small(8)) +
        sc('wp_fork', small(0)) + answer(0, 1) +
        sc('close', fd(4), t=1) +
        sc('read', fd(3), buf(), small(8), t=0) +
        sc('write', fd(4), buf(0, b'x'), small(1), t=0) +
        sc('close', fd(3), t=1) + sc('close', fd(3), t=0) +
        sc('write', fd(4), buf(0, b'y'), small(1)) + answer(0, 2),
    'fork-exit-wait': bytes([0]) +
        sc('wp_fork', small(0)) + answer(0, 2) +
        sc('getppid', t=1) +
        sc('wait4', pid(17), buf(), small(0), small(0), t=0) +
        sc('exit_group', small(3), t=1) + answer(0, 0) +
        sc('wp_fork', small(0)) + answer(0, 0) +
        sc('wp_fork', small(0)) + answer(0, 1) + sc('exit_group', small(0), t=1) + answer(0, 2) +
        sc('waitid', small(0), small(0), buf(), small(4), small(0)),
    'signals': bytes([0]) +
        sc('rt_sigaction', small(SIGUSR1), buf(0, struct.pack('<IIII', 5, 0x10000000, 0, 0)), small(0), small(8)) +
        sc('rt_sigprocmask', small(0), buf(0, struct.pack('<Q', 1 << (SIGUSR1 - 1))), buf(), small(8)) +
        sc('kill', pid(0), small(SIGUSR1)) +
        sc('rt_sigpending', buf(), small(8)) +
        sc('rt_sigsuspend', buf(0, struct.pack('<Q', 0)), small(8)) +
        sc('tkill', pid(0), small(SIGINT)) +
        hkill(0, SIGUSR1),
    'job-control': bytes([1]) +
        sc('setpgid', small(0), small(0), t=1) +
        sc('read', fd(3), buf(), small(1), t=1) +
        hkill(1, SIGSTOP) + sc('wait4', pid(1), buf(), small(2), small(0)) +
        hkill(1, SIGCONT) + sc('wait4', pid(1), buf(), small(8), small(0)) +
        sc('kill', pid(1), small(9)) + sc('wait4', pid(17), buf(), small(0), small(0)),
    'mmap': bytes([0]) +
        sc('mmap2', small(0), page(2), small(3), num(0x22), raw(-1), small(0)) +
        sc('mmap2', small(0), page(1), small(3), num(0x22), raw(-1), small(0)) +
        sc('brk', page(32)) +
        sc('munmap', page(17), page(1)) +
        sc('openat', CWD, path('/tmp/a'), small(2), small(0)) +
        sc('mmap2', small(0), page(1), small(3), small(1), fd(3), small(0)) +
        sc('msync', page(18), page(1), small(4)) +
        sc('mremap', page(18), page(1), page(3), small(1)) +
        sc('mprotect', page(18), page(1), small(1)) +
        sc('wp_fork', small(0)) + answer(0, 2) + sc('munmap', page(16), page(4), t=1),
    'exec': bytes([0]) +
        sc('execve', path('/bin/script'), strv('/bin/script', '/tmp/a'), strv('/tmp/a')) + answer(0, 1) +
        sc('wp_args', buf(7), num(4000)) +
        sc('execve', path('/bin/loop'), strv(), strv()) +
        sc('execve', path('/bin/prog'), strv('/bin/prog'), small(0)) + answer(0, 0) +
        sc('openat', CWD, path('/bin/prog'), raw(0o2000000), small(0)) +
        sc('execveat', fd(3), path(''), strv(), strv(), raw(0x1000)) + answer(0, 1),
    'spawn': bytes([0]) +
        bytes([0, 0, NR['wp_spawn'], 1, 0x02, 1]) + bytes(12) +   # a well-formed request:
        bytes([0, 2, 2, 0x82, 5, 0, 0x41, PATHS.index('/tmp/b'),  # /bin/prog, open onto fd 5,
               2, 6, 5, 0, 0]) +                                   # dup2(5, 6)
        answer(0, 2) + sc('wait4', pid(17), buf(), small(0), small(0)) +
        hspawn(1, 0x10) + answer(0, 2) + hspawn(4, 0) + answer(0, 2),
    'spawn-resolved-by-host': bytes([0x40]) +
        bytes([0, 0, NR['wp_spawn'], 1, 0, 1]) + bytes(12) + bytes([1, 2, 0]) +
        answer(0, 2) + answer(0, 2) + sc('wait4', pid(17), buf(), small(0), small(0)) +
        bytes([0, 0, NR['wp_spawn'], 1, 0, 1]) + bytes(12) + bytes([4, 1, 0]) +
        answer(0, 250) + answer(0, 1) + answer(0, 0),
    'timers': bytes([0]) +
        sc('clock_nanosleep_time64', small(1), small(0), buf(0, ts(1)), buf()) +
        advance(31) +
        sc('setitimer', small(0), buf(0, struct.pack('<qqqq', 0, 100000, 0, 100000)), buf()) +
        advance(28) + advance(28) +
        sc('rt_sigtimedwait_time64', buf(0, struct.pack('<Q', 1 << (SIGALRM - 1))), buf(), buf(0, ts(0, 5000)), small(8)) +
        advance(20) +
        sc('ppoll_time64', buf(0, struct.pack('<ihh', 0, 1, 0)), small(1), buf(0, ts(0, 1000)), small(0), small(8)) +
        advance(12),
    'terminal': bytes([0x1c]) +
        sc('ioctl', fd(0), raw(0x5401), buf(1)) +
        sc('read', fd(0), buf(), small(16)) +
        stream_in(0, b'line\n') +
        sc('ioctl', fd(0), raw(0x540f), buf()) +
        stream_sig(0, SIGINT) +
        sc('openat', CWD, path('/dev/tty'), small(2), small(0)) +
        sc('write', fd(1), buf(0, b'out\n'), small(4)) +
        stream_in(1, b''),
}

os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
