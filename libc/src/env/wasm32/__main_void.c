#include <features.h>

/* Linked only when the program has neither main(void) nor main(argc, argv): main/3. */
extern hidden int __wp_argc;
extern hidden char **__wp_argv;
extern char **__environ;

int main(int, char **, char **);

int __main_void(void)
{
	return main(__wp_argc, __wp_argv, __environ);
}
