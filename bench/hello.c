/* The smallest program: what start-up and exit cost. */
#include <stdio.h>

int main(void)
{
	puts("hello");
	return 0;
}
