/* ioctl request numbers (Linux asm-generic). */
#ifndef WP_UAPI_IOCTL_H
#define WP_UAPI_IOCTL_H

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B
#define TIOCNOTTY  0x5422
#define FIONBIO    0x5421
#define FIONCLEX   0x5450
#define FIOCLEX    0x5451
#define FIOASYNC   0x5452
#define TIOCGPTN   0x80045430
#define TIOCSPTLCK 0x40045431

#endif
