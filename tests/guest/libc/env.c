/* The environment: what the start-up block gave, and getenv/setenv/unsetenv/putenv/clearenv. */
#include <string.h>
#include <unistd.h>
#include "check.h"

extern char **environ;

int main(int argc, char **argv)
{
	CHECK(argc >= 1 && argv[argc] == 0);
	CHECK(environ != 0);
	int n = 0;
	for (char **e = environ; *e; e++, n++)
		CHECK(strchr(*e, '=') != 0);
	CHECK(getenv("WP_TEST_MISSING") == 0);
	CHECK(setenv("WP_A", "1", 0) == 0 && !strcmp(getenv("WP_A"), "1"));
	CHECK(setenv("WP_A", "2", 0) == 0 && !strcmp(getenv("WP_A"), "1"));
	CHECK(setenv("WP_A", "3", 1) == 0 && !strcmp(getenv("WP_A"), "3"));
	CHECK(setenv("BAD=NAME", "x", 1) == -1);
	static char pe[] = "WP_B=put";
	CHECK(putenv(pe) == 0 && getenv("WP_B") == pe + 5);
	pe[5] = 'P'; /* putenv keeps the string itself */
	CHECK(!strcmp(getenv("WP_B"), "Put"));
	CHECK(unsetenv("WP_A") == 0 && getenv("WP_A") == 0);
	int m = 0;
	for (char **e = environ; *e; e++) m++;
	CHECK(m == n + 1);
	for (int i = 0; i < 500; i++) {
		char name[32], val[32];
		snprintf(name, sizeof name, "WP_MANY_%d", i);
		snprintf(val, sizeof val, "%d", i * i);
		CHECK(setenv(name, val, 1) == 0);
	}
	CHECK(!strcmp(getenv("WP_MANY_499"), "249001"));
	CHECK(clearenv() == 0 && getenv("WP_B") == 0 && (environ == 0 || environ[0] == 0));
	return check_done("env");
}
