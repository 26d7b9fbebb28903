/** Waits until `condition()` holds, looking every 20 ms; throws "Timed out waiting for <what>" after `timeout` ms. */
export async function until(condition: () => boolean, what: string, timeout = 10_000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${what}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}
}
