// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
#include <stdio.h>
#include <nvarm/err.h>

int main(void)
{
	printf("nvarm consumer: %s\n", nvarm_strerror(NVARM_ERR_INVAL));
	return 0;
}
