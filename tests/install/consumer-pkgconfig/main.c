// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
#include <stdio.h>
#include <nvarm/err.h>
#include <nvarm/platform_host.h>

int main(void)
{
	static struct nvarm_host_model m;
	struct nvarm_platform_ops ops;

	/* nvarm-platform-host pulls in nvarm: both archives resolve. */
	nvarm_host_model_init(&m, NULL, 0, 0);
	nvarm_host_model_ops(&m, &ops);
	printf("nvarm consumer: %s, %s\n", nvarm_strerror(NVARM_ERR_NOMEM),
	       ops.read_l1 ? "host model ops" : "no ops");
	return 0;
}
